package io.gameport.chaos;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.ref.WeakReference;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A connection the proxy has closed is garbage at once, though its seeded plan still has a fault
 * due later: under reconnect churn (the chaos soak opens dozens a second, each planned a minute
 * ahead) anything that kept closed connections reachable until their next planned fault would
 * keep thousands of sockets and pipes alive, and the soak's collections would copy them.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ClosedLinkReleaseTest {

    @Test
    void aClosedConnectionIsNotKeptReachableByItsNextPlannedFault() throws Exception {
        // One fault per connection per 10,000 minutes: the first is planned about a week ahead.
        FaultSchedule farAhead = FaultSchedule.resetsAndBlackHoles(7, 0.0001);
        try (ProxyEnds ends = new ProxyEnds();
             FaultProxy proxy = FaultProxy.start(ends.address(), FaultProxySettings.defaults(), farAhead)) {
            WeakReference<Link> closedLink;
            try (ProxyEnds.Pair pair = ends.connect(proxy)) {
                closedLink = linkWithAFaultPlanned(proxy, pair.id());
                proxy.reset(pair.id()).get(10, TimeUnit.SECONDS);
                assertNull(proxy.onLoop(loop -> loop.link(pair.id())), "the reset closed it");
            }
            for (int i = 0; i < 20 && closedLink.get() != null; i++) {
                System.gc();
                Thread.sleep(10);
            }
            assertNull(closedLink.get(), "nothing keeps the closed connection reachable");
        }
    }

    /** In a frame of its own, so no local variable of the test's frame holds the link. */
    private static WeakReference<Link> linkWithAFaultPlanned(FaultProxy proxy, long id) {
        Link link = proxy.onLoop(loop -> loop.link(id));
        assertNotNull(link, "the proxy has the connection");
        assertNotNull(link.nextFault, "a fault is planned for it");
        return new WeakReference<>(link);
    }
}
