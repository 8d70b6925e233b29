package io.gameport.nativeio.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layout and constant classes against the real Windows SDK headers as mingw-w64 ships them:
 * every value becomes a C11 {@code _Static_assert} against {@code offsetof}/{@code sizeof} or the
 * header's macro, and the cross compiler must accept the file. Nothing is run, so no Windows is
 * needed, only {@code x86_64-w64-mingw32-gcc} (Debian: gcc-mingw-w64-x86-64); skipped where it
 * is not installed. {@link WindowsLayoutTest} checks the same numbers by arithmetic everywhere.
 */
class MingwHeadersLayoutTest {

    private static final String COMPILER = "x86_64-w64-mingw32-gcc";

    /** {layout class, constant, the C expression it must equal}. */
    private static final String[][] CHECKS = {
        {"OverlappedLayout", "INTERNAL_OFFSET", "offsetof(OVERLAPPED, Internal)"},
        {"OverlappedLayout", "INTERNAL_HIGH_OFFSET", "offsetof(OVERLAPPED, InternalHigh)"},
        {"OverlappedLayout", "OFFSET_OFFSET", "offsetof(OVERLAPPED, Offset)"},
        {"OverlappedLayout", "OFFSET_HIGH_OFFSET", "offsetof(OVERLAPPED, OffsetHigh)"},
        {"OverlappedLayout", "H_EVENT_OFFSET", "offsetof(OVERLAPPED, hEvent)"},
        {"OverlappedLayout", "SIZE", "sizeof(OVERLAPPED)"},
        {"OverlappedLayout", "ALIGNMENT", "_Alignof(OVERLAPPED)"},
        {"OverlappedEntryLayout", "COMPLETION_KEY_OFFSET", "offsetof(OVERLAPPED_ENTRY, lpCompletionKey)"},
        {"OverlappedEntryLayout", "OVERLAPPED_OFFSET", "offsetof(OVERLAPPED_ENTRY, lpOverlapped)"},
        {"OverlappedEntryLayout", "INTERNAL_OFFSET", "offsetof(OVERLAPPED_ENTRY, Internal)"},
        {"OverlappedEntryLayout", "BYTES_TRANSFERRED_OFFSET", "offsetof(OVERLAPPED_ENTRY, dwNumberOfBytesTransferred)"},
        {"OverlappedEntryLayout", "SIZE", "sizeof(OVERLAPPED_ENTRY)"},
        {"WsabufLayout", "LEN_OFFSET", "offsetof(WSABUF, len)"},
        {"WsabufLayout", "BUF_OFFSET", "offsetof(WSABUF, buf)"},
        {"WsabufLayout", "SIZE", "sizeof(WSABUF)"},
        {"SockaddrInLayout", "FAMILY_OFFSET", "offsetof(struct sockaddr_in, sin_family)"},
        {"SockaddrInLayout", "PORT_OFFSET", "offsetof(struct sockaddr_in, sin_port)"},
        {"SockaddrInLayout", "ADDR_OFFSET", "offsetof(struct sockaddr_in, sin_addr)"},
        {"SockaddrInLayout", "ZERO_OFFSET", "offsetof(struct sockaddr_in, sin_zero)"},
        {"SockaddrInLayout", "SIZE", "sizeof(struct sockaddr_in)"},
        {"SockaddrIn6Layout", "FAMILY_OFFSET", "offsetof(struct sockaddr_in6, sin6_family)"},
        {"SockaddrIn6Layout", "PORT_OFFSET", "offsetof(struct sockaddr_in6, sin6_port)"},
        {"SockaddrIn6Layout", "FLOWINFO_OFFSET", "offsetof(struct sockaddr_in6, sin6_flowinfo)"},
        {"SockaddrIn6Layout", "ADDR_OFFSET", "offsetof(struct sockaddr_in6, sin6_addr)"},
        {"SockaddrIn6Layout", "SCOPE_ID_OFFSET", "offsetof(struct sockaddr_in6, sin6_scope_id)"},
        {"SockaddrIn6Layout", "SIZE", "sizeof(struct sockaddr_in6)"},
        {"SockaddrStorageLayout", "SIZE", "sizeof(SOCKADDR_STORAGE)"},
        {"SockaddrStorageLayout", "ALIGNMENT", "_Alignof(SOCKADDR_STORAGE)"},
        {"WsadataLayout", "VERSION_OFFSET", "offsetof(WSADATA, wVersion)"},
        {"WsadataLayout", "HIGH_VERSION_OFFSET", "offsetof(WSADATA, wHighVersion)"},
        {"WsadataLayout", "MAX_SOCKETS_OFFSET", "offsetof(WSADATA, iMaxSockets)"},
        {"WsadataLayout", "MAX_UDP_DG_OFFSET", "offsetof(WSADATA, iMaxUdpDg)"},
        {"WsadataLayout", "VENDOR_INFO_OFFSET", "offsetof(WSADATA, lpVendorInfo)"},
        {"WsadataLayout", "DESCRIPTION_OFFSET", "offsetof(WSADATA, szDescription)"},
        {"WsadataLayout", "SYSTEM_STATUS_OFFSET", "offsetof(WSADATA, szSystemStatus)"},
        {"WsadataLayout", "SIZE", "sizeof(WSADATA)"},
        {"GuidLayout", "DATA2_OFFSET", "offsetof(GUID, Data2)"},
        {"GuidLayout", "DATA3_OFFSET", "offsetof(GUID, Data3)"},
        {"GuidLayout", "DATA4_OFFSET", "offsetof(GUID, Data4)"},
        {"GuidLayout", "SIZE", "sizeof(GUID)"},
        {"LingerLayout", "LINGER_OFFSET", "offsetof(struct linger, l_linger)"},
        {"LingerLayout", "SIZE", "sizeof(struct linger)"},
        {"WinConstants", "AF_INET", "AF_INET"},
        {"WinConstants", "AF_INET6", "AF_INET6"},
        {"WinConstants", "SOCK_STREAM", "SOCK_STREAM"},
        {"WinConstants", "IPPROTO_TCP", "IPPROTO_TCP"},
        {"WinConstants", "WSA_FLAG_OVERLAPPED", "WSA_FLAG_OVERLAPPED"},
        {"WinConstants", "WSA_FLAG_NO_HANDLE_INHERIT", "WSA_FLAG_NO_HANDLE_INHERIT"},
        {"WinConstants", "SOL_SOCKET", "SOL_SOCKET"},
        {"WinConstants", "SO_REUSEADDR", "SO_REUSEADDR"},
        {"WinConstants", "SO_EXCLUSIVEADDRUSE", "SO_EXCLUSIVEADDRUSE"},
        {"WinConstants", "SO_LINGER", "SO_LINGER"},
        {"WinConstants", "SO_SNDBUF", "SO_SNDBUF"},
        {"WinConstants", "SO_RCVBUF", "SO_RCVBUF"},
        {"WinConstants", "SO_ERROR", "SO_ERROR"},
        {"WinConstants", "SO_UPDATE_ACCEPT_CONTEXT", "SO_UPDATE_ACCEPT_CONTEXT"},
        {"WinConstants", "SO_UPDATE_CONNECT_CONTEXT", "SO_UPDATE_CONNECT_CONTEXT"},
        {"WinConstants", "TCP_NODELAY", "TCP_NODELAY"},
        {"WinConstants", "FIONBIO", "FIONBIO"},
        {"WinConstants", "FIONREAD", "FIONREAD"},
        {"WinConstants", "SIO_GET_EXTENSION_FUNCTION_POINTER", "SIO_GET_EXTENSION_FUNCTION_POINTER"},
        {"WinConstants", "SD_RECEIVE", "SD_RECEIVE"},
        {"WinConstants", "SD_SEND", "SD_SEND"},
        {"WinConstants", "SD_BOTH", "SD_BOTH"},
        {"WinConstants", "FILE_SKIP_COMPLETION_PORT_ON_SUCCESS", "FILE_SKIP_COMPLETION_PORT_ON_SUCCESS"},
        {"WinConstants", "FILE_SKIP_SET_EVENT_ON_HANDLE", "FILE_SKIP_SET_EVENT_ON_HANDLE"},
        {"WinConstants", "MEM_COMMIT", "MEM_COMMIT"},
        {"WinConstants", "MEM_RESERVE", "MEM_RESERVE"},
        {"WinConstants", "MEM_RELEASE", "MEM_RELEASE"},
        {"WinConstants", "PAGE_READWRITE", "PAGE_READWRITE"},
        {"WinConstants", "INFINITE", "INFINITE"},
        {"NtStatus", "STATUS_PENDING", "STATUS_PENDING"},
        {"NtStatus", "STATUS_BUFFER_OVERFLOW", "STATUS_BUFFER_OVERFLOW"},
        {"NtStatus", "STATUS_INVALID_HANDLE", "STATUS_INVALID_HANDLE"},
        {"NtStatus", "STATUS_INVALID_PARAMETER", "STATUS_INVALID_PARAMETER"},
        {"NtStatus", "STATUS_ACCESS_VIOLATION", "STATUS_ACCESS_VIOLATION"},
        {"NtStatus", "STATUS_NO_MEMORY", "STATUS_NO_MEMORY"},
        {"NtStatus", "STATUS_INSUFFICIENT_RESOURCES", "STATUS_INSUFFICIENT_RESOURCES"},
        {"NtStatus", "STATUS_IO_TIMEOUT", "STATUS_IO_TIMEOUT"},
        {"NtStatus", "STATUS_CANCELLED", "STATUS_CANCELLED"},
        {"NtStatus", "STATUS_LOCAL_DISCONNECT", "STATUS_LOCAL_DISCONNECT"},
        {"NtStatus", "STATUS_REMOTE_DISCONNECT", "STATUS_REMOTE_DISCONNECT"},
        {"NtStatus", "STATUS_REMOTE_NOT_LISTENING", "STATUS_REMOTE_NOT_LISTENING"},
        {"NtStatus", "STATUS_PIPE_DISCONNECTED", "STATUS_PIPE_DISCONNECTED"},
        {"NtStatus", "STATUS_CONNECTION_RESET", "STATUS_CONNECTION_RESET"},
        {"NtStatus", "STATUS_CONNECTION_REFUSED", "STATUS_CONNECTION_REFUSED"},
        {"NtStatus", "STATUS_CONNECTION_ABORTED", "STATUS_CONNECTION_ABORTED"},
        {"NtStatus", "STATUS_NETWORK_UNREACHABLE", "STATUS_NETWORK_UNREACHABLE"},
        {"NtStatus", "STATUS_HOST_UNREACHABLE", "STATUS_HOST_UNREACHABLE"},
        {"NtStatus", "STATUS_INVALID_CONNECTION", "STATUS_INVALID_CONNECTION"},
        {"NtStatus", "STATUS_NOT_FOUND", "STATUS_NOT_FOUND"},
        {"WinError", "ERROR_NETNAME_DELETED", "ERROR_NETNAME_DELETED"},
        {"WinError", "ERROR_ABANDONED_WAIT_0", "ERROR_ABANDONED_WAIT_0"},
        {"WinError", "ERROR_OPERATION_ABORTED", "ERROR_OPERATION_ABORTED"},
        {"WinError", "ERROR_IO_PENDING", "ERROR_IO_PENDING"},
        {"WinError", "ERROR_NOT_FOUND", "ERROR_NOT_FOUND"},
        {"WinError", "ERROR_CONNECTION_ABORTED", "ERROR_CONNECTION_ABORTED"},
        {"WinError", "ERROR_NO_SYSTEM_RESOURCES", "ERROR_NO_SYSTEM_RESOURCES"},
        {"WinError", "WSAEWOULDBLOCK", "WSAEWOULDBLOCK"},
        {"WinError", "WSAENOTSOCK", "WSAENOTSOCK"},
        {"WinError", "WSAEAFNOSUPPORT", "WSAEAFNOSUPPORT"},
        {"WinError", "WSAECONNABORTED", "WSAECONNABORTED"},
        {"WinError", "WSAECONNRESET", "WSAECONNRESET"},
        {"WinError", "WSAENOBUFS", "WSAENOBUFS"},
        {"WinError", "WSAESHUTDOWN", "WSAESHUTDOWN"},
        {"WinError", "WSAECONNREFUSED", "WSAECONNREFUSED"},
    };

    @Test
    @Timeout(60)
    void layoutsAndConstantsAgreeWithTheMingwWindowsHeaders(@TempDir Path dir) throws Exception {
        assumeTrue(onPath(COMPILER), COMPILER + " is not installed (Debian: gcc-mingw-w64-x86-64)");
        StringBuilder c = new StringBuilder()
                .append("#include <winsock2.h>\n#include <ws2tcpip.h>\n#include <mswsock.h>\n")
                .append("#include <windows.h>\n#include <ntstatus.h>\n#include <stddef.h>\n");
        for (String[] check : CHECKS) {
            Field field = Class.forName("io.gameport.nativeio.windows." + check[0]).getField(check[1]);
            long value = ((Number) field.get(null)).longValue();
            // Compared as 32-bit ints: the Java constants of unsigned C values carry the same bits.
            c.append(String.format("_Static_assert((int)(%s) == (int)%dLL, \"%s.%s\");%n", check[2], value, check[0], check[1]));
        }
        Path source = dir.resolve("layouts.c");
        Files.writeString(source, c, StandardCharsets.US_ASCII);
        Process compiler = new ProcessBuilder(COMPILER, "-std=c11", "-fsyntax-only", source.toString())
                .redirectErrorStream(true).start();
        String output = new String(compiler.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(true, compiler.waitFor(50, TimeUnit.SECONDS), "the compiler finished");
        assertEquals(0, compiler.exitValue(), "static assertions failed:\n" + output);
    }

    private static boolean onPath(String program) throws IOException {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
