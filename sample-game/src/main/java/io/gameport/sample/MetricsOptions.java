package io.gameport.sample;

import java.net.InetSocketAddress;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --metrics-port P [--metrics-bind ADDR]}: Prometheus text on {@code http://ADDR:P/metrics}
 * and the health endpoints, for every command that starts servers. Checked with the other
 * options; the port opens only when the command calls {@link SampleMetrics.Request#open}.
 */
public final class MetricsOptions {

    static final String DEFAULT_BIND = "127.0.0.1";

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Range(min = 0, max = 65535)
    @Option(names = "--metrics-port", paramLabel = "P",
            description = "Serve /metrics (Prometheus text), /health/live and /health/ready on this port (0: any free one)."
                    + " Default: none (metrics off).")
    Integer port;

    @Option(names = "--metrics-bind", paramLabel = "ADDR",
            description = "Address the metrics port listens on; needs --metrics-port. Default: " + DEFAULT_BIND + " (loopback only).")
    String bind;

    /** Whether {@code --metrics-port} was given. */
    public boolean requested() {
        return port != null;
    }

    /** The options checked, nothing opened yet. */
    public SampleMetrics.Request request() {
        return request(port, bind, command.name());
    }

    /**
     * @param port    the port, or null for metrics off
     * @param bind    the address, or null for loopback
     * @param command the command's name, for the error message
     */
    public static SampleMetrics.Request request(Integer port, String bind, String command) {
        if (port == null) {
            if (bind != null) {
                throw new UsageException(command + ": --metrics-bind needs --metrics-port");
            }
            return new SampleMetrics.Request(null);
        }
        if (port < 0 || port > 65535) {
            throw new UsageException(command + ": --metrics-port must be in 0..65535, was " + port);
        }
        String host = bind == null ? DEFAULT_BIND : bind;
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new UsageException(command + ": --metrics-bind must be a local address, was " + host);
        }
        return new SampleMetrics.Request(address);
    }
}
