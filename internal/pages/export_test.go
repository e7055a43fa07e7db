package pages

var Interleave = interleave
