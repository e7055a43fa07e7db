package fetch

import (
	"context"
	"fmt"
	"net/netip"
	"sync"
	"syscall"
)

// hostLimiter caps concurrent requests per host name, so that many feeds on
// one site (one per section, say) do not hammer it at once.
type hostLimiter struct {
	limit int
	mu    sync.Mutex
	slots map[string]chan struct{} // a buffered channel per host, used as a semaphore
}

func newHostLimiter(limit int) *hostLimiter {
	return &hostLimiter{limit: limit, slots: make(map[string]chan struct{})}
}

// acquire waits for a free slot for host, or for ctx to be done. The caller
// must call release when its request is over, body read included.
func (l *hostLimiter) acquire(ctx context.Context, host string) (release func(), err error) {
	l.mu.Lock()
	sem, ok := l.slots[host]
	if !ok {
		sem = make(chan struct{}, l.limit)
		l.slots[host] = sem
	}
	l.mu.Unlock()

	select {
	case sem <- struct{}{}:
		return func() { <-sem }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// checkDial is the net.Dialer.Control of a DenyPrivate client. It runs after
// DNS resolution, on the address actually dialled, so a name that resolves,
// or is rebound, to a private address is refused too.
func (c *Client) checkDial(_, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		// Fail closed: an address we cannot read is not one we can vouch for.
		return fmt.Errorf("unexpected dial address %q: %w", address, err)
	}
	if c.blocked(ap) {
		return &reason{msg: "refusing to connect to private address " + ap.String(), err: ErrPrivateAddress}
	}
	return nil
}

// sharedAddressSpace is carrier-grade NAT (RFC 6598), which netip does not
// count as private but is no more public than 10/8.
var sharedAddressSpace = netip.MustParsePrefix("100.64.0.0/10")

// isPrivate reports whether a is an address a public feed has no business
// resolving to: loopback, private (RFC 1918, RFC 4193), link-local (which
// includes cloud metadata services at 169.254.169.254), multicast,
// unspecified or carrier-grade NAT.
func isPrivate(a netip.Addr) bool {
	a = a.Unmap() // ::ffff:127.0.0.1 is 127.0.0.1
	return a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsMulticast() ||
		a.IsUnspecified() || sharedAddressSpace.Contains(a)
}
