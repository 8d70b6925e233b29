package io.gameport.nativeio.windows;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Encodes and decodes {@code sockaddr_in} / {@code sockaddr_in6} in native memory seen through a
 * {@link ByteBuffer}. The family is a host-order (little-endian) u16; port and address are in
 * network order. Allocates: used when binding, connecting and asking for addresses, not per
 * operation.
 */
public final class Sockaddrs {

    private Sockaddrs() {
    }

    /** The address family ({@link WinConstants#AF_INET} or {@link WinConstants#AF_INET6}) an address needs. */
    public static int family(InetSocketAddress address) {
        return address.getAddress() instanceof Inet6Address ? WinConstants.AF_INET6 : WinConstants.AF_INET;
    }

    /** Writes {@code address} at {@code offset} and returns the sockaddr's length in bytes. */
    public static int write(InetSocketAddress address, ByteBuffer target, int offset) {
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("unresolved address: " + address);
        }
        ByteBuffer le = target.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer be = target.duplicate().order(ByteOrder.BIG_ENDIAN);
        InetAddress ip = address.getAddress();
        byte[] raw = ip.getAddress();
        if (ip instanceof Inet4Address) {
            for (int i = 0; i < SockaddrInLayout.SIZE; i++) {
                le.put(offset + i, (byte) 0);
            }
            le.putShort(offset + SockaddrInLayout.FAMILY_OFFSET, (short) WinConstants.AF_INET);
            be.putShort(offset + SockaddrInLayout.PORT_OFFSET, (short) address.getPort());
            for (int i = 0; i < SockaddrInLayout.ADDR_LENGTH; i++) {
                le.put(offset + SockaddrInLayout.ADDR_OFFSET + i, raw[i]);
            }
            return SockaddrInLayout.SIZE;
        }
        for (int i = 0; i < SockaddrIn6Layout.SIZE; i++) {
            le.put(offset + i, (byte) 0);
        }
        le.putShort(offset + SockaddrIn6Layout.FAMILY_OFFSET, (short) WinConstants.AF_INET6);
        be.putShort(offset + SockaddrIn6Layout.PORT_OFFSET, (short) address.getPort());
        for (int i = 0; i < SockaddrIn6Layout.ADDR_LENGTH; i++) {
            le.put(offset + SockaddrIn6Layout.ADDR_OFFSET + i, raw[i]);
        }
        le.putInt(offset + SockaddrIn6Layout.SCOPE_ID_OFFSET, ((Inet6Address) ip).getScopeId());
        return SockaddrIn6Layout.SIZE;
    }

    /** Writes the wildcard address of {@code family} with port 0 (what ConnectEx needs bound first). */
    public static int writeWildcard(int family, ByteBuffer target, int offset) {
        try {
            InetAddress any = family == WinConstants.AF_INET6
                    ? InetAddress.getByAddress(new byte[SockaddrIn6Layout.ADDR_LENGTH])
                    : InetAddress.getByAddress(new byte[SockaddrInLayout.ADDR_LENGTH]);
            return write(new InetSocketAddress(any, 0), target, offset);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a raw wildcard address is always valid", e);
        }
    }

    /** Reads the sockaddr at {@code offset}; {@code null} when its family is neither IPv4 nor IPv6. */
    public static InetSocketAddress read(ByteBuffer source, int offset) {
        ByteBuffer le = source.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer be = source.duplicate().order(ByteOrder.BIG_ENDIAN);
        int family = le.getShort(offset) & 0xFFFF;
        try {
            if (family == WinConstants.AF_INET) {
                byte[] raw = new byte[SockaddrInLayout.ADDR_LENGTH];
                for (int i = 0; i < raw.length; i++) {
                    raw[i] = le.get(offset + SockaddrInLayout.ADDR_OFFSET + i);
                }
                int port = be.getShort(offset + SockaddrInLayout.PORT_OFFSET) & 0xFFFF;
                return new InetSocketAddress(InetAddress.getByAddress(raw), port);
            }
            if (family == WinConstants.AF_INET6) {
                byte[] raw = new byte[SockaddrIn6Layout.ADDR_LENGTH];
                for (int i = 0; i < raw.length; i++) {
                    raw[i] = le.get(offset + SockaddrIn6Layout.ADDR_OFFSET + i);
                }
                int port = be.getShort(offset + SockaddrIn6Layout.PORT_OFFSET) & 0xFFFF;
                int scope = le.getInt(offset + SockaddrIn6Layout.SCOPE_ID_OFFSET);
                return new InetSocketAddress(Inet6Address.getByAddress(null, raw, scope), port);
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException("raw addresses of the right length are always valid", e);
        }
        return null;
    }
}
