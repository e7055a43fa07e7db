package extract

import "strings"

// stopWords are the function words of the languages the service's outlets
// publish in, which say nothing about a teaser's substance. Words under
// three letters are skipped anyway, so the lists hold longer ones.
var stopWords = map[string]map[string]bool{
	"en": set(`the and that this with from have has had was were are been being for not but
		its his her their they them there then than what which who whom whose when where why how
		about after again against all also any because before between both can could did does
		doing down during each few further into just more most much must now off once only other
		our out over own same she should some such too under until very will would you your
		said says say new one two three year years day week last first according told`),
	"de": set(`der die das den dem des ein eine einer eines einem einen und oder aber auch
		als wie wenn dass mit von vom zum zur bei nach aus für über unter vor auf ist sind war
		waren wird werden wurde wurden hat haben hatte hatten nicht noch nur schon sich sie ihr
		ihre ihren wir uns man mehr sehr bis durch gegen ohne dieser diese dieses jetzt heute
		sagte sagt laut seit seine seiner seinen können kann soll sollen will`),
	"fr": set(`les des une aux par pour sur dans avec sans sous entre vers chez est sont été
		être était ont avait avoir fait qui que quoi dont où mais donc car pas plus moins
		très tout tous toute toutes elle elles ils nous vous leur leurs son ses sont cette
		ces cet aussi comme selon après avant depuis lors encore déjà ans dit`),
	"es": set(`los las una unos unas del por para con sin sobre entre hacia desde hasta
		que qui cual cuando donde como pero más menos muy todo todos toda todas este esta
		estos estas ese esa eso han hay ser fue era son está están sus también según
		tras ante ayer hoy años dijo`),
	"ru": set(`это как что чтобы так для его она они оно мы вы ты все всё был была были
		быть будет есть нет уже еще ещё или при над под без про после перед между через
		когда где который которая которые которых также тоже только этот эта эти того
		этого том сказал заявил года году лет более может`),
	"uk": set(`це як що щоб так для його вона вони воно ми ви ти всі все був була були
		бути буде є немає вже ще або при над під без про після перед між через коли де
		який яка які яких також тільки лише цей ця ці того цього тому сказав заявив
		року році років більш може та але від`),
	"tr": set(`bir ve ile için ama fakat çok daha gibi kadar olan olarak oldu olduğu
		bu şu o da de mi ne ki en her hem ise sonra önce göre içinde üzerinde tarafından
		yıl yılında dedi açıkladı`),
}

// allStopWords is every list at once, for a teaser of unknown language.
var allStopWords = func() map[string]bool {
	all := map[string]bool{}
	for _, s := range stopWords {
		for w := range s {
			all[w] = true
		}
	}
	return all
}()

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}
