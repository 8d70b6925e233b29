package io.gameport.sample;

import java.net.InetSocketAddress;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code HOST:PORT} (the last colon splits, so an IPv6 literal works) to an address; a port in 1..65535. */
public final class HostPortConverter implements ITypeConverter<InetSocketAddress> {

    @Override
    public InetSocketAddress convert(String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0) {
            throw new TypeConversionException("must be HOST:PORT, was '" + value + "'");
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new TypeConversionException("must be HOST:PORT, was '" + value + "'");
        }
        if (port < 1 || port > 65535) {
            throw new TypeConversionException("the port must be in 1..65535, was '" + value + "'");
        }
        return new InetSocketAddress(value.substring(0, colon), port);
    }
}
