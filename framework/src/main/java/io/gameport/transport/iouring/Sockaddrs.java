package io.gameport.transport.iouring;

import io.gameport.nativeio.linux.SockaddrIn6Layout;
import io.gameport.nativeio.linux.SockaddrInLayout;
import io.gameport.nativeio.linux.SocketConstants;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/** Encodes and decodes sockaddr_in / sockaddr_in6 in native memory (port and address big endian). */
final class Sockaddrs {

    private Sockaddrs() {
    }

    /** Writes {@code address} at {@code offset} of a native-order view; returns the sockaddr length. */
    static int write(ByteBuffer view, int offset, InetSocketAddress address) {
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("unresolved address: " + address);
        }
        InetAddress ip = address.getAddress();
        byte[] raw = ip.getAddress();
        int port = address.getPort();
        if (ip instanceof Inet4Address) {
            for (int i = 0; i < SockaddrInLayout.SIZE; i++) {
                view.put(offset + i, (byte) 0);
            }
            view.putShort(offset + SockaddrInLayout.FAMILY_OFFSET, (short) SocketConstants.AF_INET);
            putPort(view, offset + SockaddrInLayout.PORT_OFFSET, port);
            for (int i = 0; i < 4; i++) {
                view.put(offset + SockaddrInLayout.ADDR_OFFSET + i, raw[i]);
            }
            return SockaddrInLayout.SIZE;
        }
        for (int i = 0; i < SockaddrIn6Layout.SIZE; i++) {
            view.put(offset + i, (byte) 0);
        }
        view.putShort(offset + SockaddrIn6Layout.FAMILY_OFFSET, (short) SocketConstants.AF_INET6);
        putPort(view, offset + SockaddrIn6Layout.PORT_OFFSET, port);
        for (int i = 0; i < SockaddrIn6Layout.ADDR_LENGTH; i++) {
            view.put(offset + SockaddrIn6Layout.ADDR_OFFSET + i, raw[i]);
        }
        view.putInt(offset + SockaddrIn6Layout.SCOPE_ID_OFFSET, ((Inet6Address) ip).getScopeId());
        return SockaddrIn6Layout.SIZE;
    }

    /** Network byte order whatever the view's order. */
    private static void putPort(ByteBuffer view, int at, int port) {
        view.put(at, (byte) (port >>> 8));
        view.put(at + 1, (byte) port);
    }

    static int family(InetSocketAddress address) {
        return address.getAddress() instanceof Inet4Address ? SocketConstants.AF_INET : SocketConstants.AF_INET6;
    }

    /** Reads a sockaddr written by the kernel; null for a family other than AF_INET/AF_INET6. */
    static InetSocketAddress read(ByteBuffer view, int offset) {
        int family = view.getShort(offset + SockaddrInLayout.FAMILY_OFFSET) & 0xFFFF;
        int port = (view.get(offset + SockaddrInLayout.PORT_OFFSET) & 0xFF) << 8
                | (view.get(offset + SockaddrInLayout.PORT_OFFSET + 1) & 0xFF);
        try {
            if (family == SocketConstants.AF_INET) {
                byte[] raw = new byte[4];
                for (int i = 0; i < 4; i++) {
                    raw[i] = view.get(offset + SockaddrInLayout.ADDR_OFFSET + i);
                }
                return new InetSocketAddress(InetAddress.getByAddress(raw), port);
            }
            if (family == SocketConstants.AF_INET6) {
                byte[] raw = new byte[SockaddrIn6Layout.ADDR_LENGTH];
                for (int i = 0; i < raw.length; i++) {
                    raw[i] = view.get(offset + SockaddrIn6Layout.ADDR_OFFSET + i);
                }
                int scope = view.getInt(offset + SockaddrIn6Layout.SCOPE_ID_OFFSET);
                return new InetSocketAddress(Inet6Address.getByAddress(null, raw, scope), port);
            }
        } catch (UnknownHostException e) {
            // getByAddress only throws for a wrong array length, which the loops above rule out.
            throw new IllegalStateException(e);
        }
        return null;
    }
}
