package io.gameport.nativeio.linux;

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
 * The Linux layout classes against this machine's C headers (glibc's sys/socket.h, sys/uio.h,
 * netinet/in.h, netinet/tcp.h; the kernel's linux/io_uring.h and linux/time_types.h): every value becomes a C11
 * {@code _Static_assert} against {@code offsetof}/{@code sizeof}, and gcc must accept the file.
 * Nothing is run. Skipped where gcc is not installed; {@link LayoutTest} pins the same numbers
 * everywhere. Fields newer than the oldest kernel headers the project builds on (e.g. the ring
 * offsets' {@code user_addr}) are left to {@link LayoutTest}.
 */
class LinuxHeadersLayoutTest {

    private static final String COMPILER = "gcc";

    /** {layout class, constant, the C expression it must equal}. */
    private static final String[][] CHECKS = {
        {"MsghdrLayout", "NAME_OFFSET", "offsetof(struct msghdr, msg_name)"},
        {"MsghdrLayout", "NAMELEN_OFFSET", "offsetof(struct msghdr, msg_namelen)"},
        {"MsghdrLayout", "IOV_OFFSET", "offsetof(struct msghdr, msg_iov)"},
        {"MsghdrLayout", "IOVLEN_OFFSET", "offsetof(struct msghdr, msg_iovlen)"},
        {"MsghdrLayout", "CONTROL_OFFSET", "offsetof(struct msghdr, msg_control)"},
        {"MsghdrLayout", "CONTROLLEN_OFFSET", "offsetof(struct msghdr, msg_controllen)"},
        {"MsghdrLayout", "FLAGS_OFFSET", "offsetof(struct msghdr, msg_flags)"},
        {"MsghdrLayout", "SIZE", "sizeof(struct msghdr)"},
        {"IovecLayout", "BASE_OFFSET", "offsetof(struct iovec, iov_base)"},
        {"IovecLayout", "LEN_OFFSET", "offsetof(struct iovec, iov_len)"},
        {"IovecLayout", "SIZE", "sizeof(struct iovec)"},
        {"KernelTimespecLayout", "TV_SEC_OFFSET", "offsetof(struct __kernel_timespec, tv_sec)"},
        {"KernelTimespecLayout", "TV_NSEC_OFFSET", "offsetof(struct __kernel_timespec, tv_nsec)"},
        {"KernelTimespecLayout", "SIZE", "sizeof(struct __kernel_timespec)"},
        {"SockaddrInLayout", "FAMILY_OFFSET", "offsetof(struct sockaddr_in, sin_family)"},
        {"SockaddrInLayout", "PORT_OFFSET", "offsetof(struct sockaddr_in, sin_port)"},
        {"SockaddrInLayout", "ADDR_OFFSET", "offsetof(struct sockaddr_in, sin_addr)"},
        {"SockaddrInLayout", "ZERO_OFFSET", "offsetof(struct sockaddr_in, sin_zero)"},
        {"SockaddrInLayout", "SIZE", "sizeof(struct sockaddr_in)"},
        {"SockaddrIn6Layout", "FAMILY_OFFSET", "offsetof(struct sockaddr_in6, sin6_family)"},
        {"SockaddrIn6Layout", "PORT_OFFSET", "offsetof(struct sockaddr_in6, sin6_port)"},
        {"SockaddrIn6Layout", "FLOWINFO_OFFSET", "offsetof(struct sockaddr_in6, sin6_flowinfo)"},
        {"SockaddrIn6Layout", "ADDR_OFFSET", "offsetof(struct sockaddr_in6, sin6_addr)"},
        {"SockaddrIn6Layout", "ADDR_LENGTH", "sizeof(struct in6_addr)"},
        {"SockaddrIn6Layout", "SCOPE_ID_OFFSET", "offsetof(struct sockaddr_in6, sin6_scope_id)"},
        {"SockaddrIn6Layout", "SIZE", "sizeof(struct sockaddr_in6)"},
        {"SqeLayout", "OPCODE_OFFSET", "offsetof(struct io_uring_sqe, opcode)"},
        {"SqeLayout", "FLAGS_OFFSET", "offsetof(struct io_uring_sqe, flags)"},
        {"SqeLayout", "IOPRIO_OFFSET", "offsetof(struct io_uring_sqe, ioprio)"},
        {"SqeLayout", "FD_OFFSET", "offsetof(struct io_uring_sqe, fd)"},
        {"SqeLayout", "OFF_OFFSET", "offsetof(struct io_uring_sqe, off)"},
        {"SqeLayout", "ADDR_OFFSET", "offsetof(struct io_uring_sqe, addr)"},
        {"SqeLayout", "LEN_OFFSET", "offsetof(struct io_uring_sqe, len)"},
        {"SqeLayout", "OP_FLAGS_OFFSET", "offsetof(struct io_uring_sqe, rw_flags)"},
        {"SqeLayout", "USER_DATA_OFFSET", "offsetof(struct io_uring_sqe, user_data)"},
        {"SqeLayout", "BUF_GROUP_OFFSET", "offsetof(struct io_uring_sqe, buf_group)"},
        {"SqeLayout", "PERSONALITY_OFFSET", "offsetof(struct io_uring_sqe, personality)"},
        {"SqeLayout", "FILE_INDEX_OFFSET", "offsetof(struct io_uring_sqe, file_index)"},
        {"SqeLayout", "ADDR3_OFFSET", "offsetof(struct io_uring_sqe, addr3)"},
        {"SqeLayout", "SIZE", "sizeof(struct io_uring_sqe)"},
        {"CqeLayout", "USER_DATA_OFFSET", "offsetof(struct io_uring_cqe, user_data)"},
        {"CqeLayout", "RES_OFFSET", "offsetof(struct io_uring_cqe, res)"},
        {"CqeLayout", "FLAGS_OFFSET", "offsetof(struct io_uring_cqe, flags)"},
        {"CqeLayout", "SIZE", "sizeof(struct io_uring_cqe)"},
        {"IoUringParamsLayout", "SQ_ENTRIES_OFFSET", "offsetof(struct io_uring_params, sq_entries)"},
        {"IoUringParamsLayout", "CQ_ENTRIES_OFFSET", "offsetof(struct io_uring_params, cq_entries)"},
        {"IoUringParamsLayout", "FLAGS_OFFSET", "offsetof(struct io_uring_params, flags)"},
        {"IoUringParamsLayout", "SQ_THREAD_CPU_OFFSET", "offsetof(struct io_uring_params, sq_thread_cpu)"},
        {"IoUringParamsLayout", "SQ_THREAD_IDLE_OFFSET", "offsetof(struct io_uring_params, sq_thread_idle)"},
        {"IoUringParamsLayout", "FEATURES_OFFSET", "offsetof(struct io_uring_params, features)"},
        {"IoUringParamsLayout", "WQ_FD_OFFSET", "offsetof(struct io_uring_params, wq_fd)"},
        {"IoUringParamsLayout", "RESV_OFFSET", "offsetof(struct io_uring_params, resv)"},
        {"IoUringParamsLayout", "SQ_OFF_OFFSET", "offsetof(struct io_uring_params, sq_off)"},
        {"IoUringParamsLayout", "CQ_OFF_OFFSET", "offsetof(struct io_uring_params, cq_off)"},
        {"IoUringParamsLayout", "SIZE", "sizeof(struct io_uring_params)"},
        {"IoSqringOffsetsLayout", "HEAD_OFFSET", "offsetof(struct io_sqring_offsets, head)"},
        {"IoSqringOffsetsLayout", "TAIL_OFFSET", "offsetof(struct io_sqring_offsets, tail)"},
        {"IoSqringOffsetsLayout", "RING_MASK_OFFSET", "offsetof(struct io_sqring_offsets, ring_mask)"},
        {"IoSqringOffsetsLayout", "RING_ENTRIES_OFFSET", "offsetof(struct io_sqring_offsets, ring_entries)"},
        {"IoSqringOffsetsLayout", "FLAGS_OFFSET", "offsetof(struct io_sqring_offsets, flags)"},
        {"IoSqringOffsetsLayout", "DROPPED_OFFSET", "offsetof(struct io_sqring_offsets, dropped)"},
        {"IoSqringOffsetsLayout", "ARRAY_OFFSET", "offsetof(struct io_sqring_offsets, array)"},
        {"IoSqringOffsetsLayout", "SIZE", "sizeof(struct io_sqring_offsets)"},
        {"IoCqringOffsetsLayout", "HEAD_OFFSET", "offsetof(struct io_cqring_offsets, head)"},
        {"IoCqringOffsetsLayout", "TAIL_OFFSET", "offsetof(struct io_cqring_offsets, tail)"},
        {"IoCqringOffsetsLayout", "RING_MASK_OFFSET", "offsetof(struct io_cqring_offsets, ring_mask)"},
        {"IoCqringOffsetsLayout", "RING_ENTRIES_OFFSET", "offsetof(struct io_cqring_offsets, ring_entries)"},
        {"IoCqringOffsetsLayout", "OVERFLOW_OFFSET", "offsetof(struct io_cqring_offsets, overflow)"},
        {"IoCqringOffsetsLayout", "CQES_OFFSET", "offsetof(struct io_cqring_offsets, cqes)"},
        {"IoCqringOffsetsLayout", "FLAGS_OFFSET", "offsetof(struct io_cqring_offsets, flags)"},
        {"IoCqringOffsetsLayout", "SIZE", "sizeof(struct io_cqring_offsets)"},
        {"IoUringBufLayout", "ADDR_OFFSET", "offsetof(struct io_uring_buf, addr)"},
        {"IoUringBufLayout", "LEN_OFFSET", "offsetof(struct io_uring_buf, len)"},
        {"IoUringBufLayout", "BID_OFFSET", "offsetof(struct io_uring_buf, bid)"},
        {"IoUringBufLayout", "RESV_OFFSET", "offsetof(struct io_uring_buf, resv)"},
        {"IoUringBufLayout", "RING_TAIL_OFFSET", "offsetof(struct io_uring_buf_ring, tail)"},
        {"IoUringBufLayout", "SIZE", "sizeof(struct io_uring_buf)"},
        {"BufRegLayout", "RING_ADDR_OFFSET", "offsetof(struct io_uring_buf_reg, ring_addr)"},
        {"BufRegLayout", "RING_ENTRIES_OFFSET", "offsetof(struct io_uring_buf_reg, ring_entries)"},
        {"BufRegLayout", "BGID_OFFSET", "offsetof(struct io_uring_buf_reg, bgid)"},
        {"BufRegLayout", "RESV_OFFSET", "offsetof(struct io_uring_buf_reg, resv)"},
        {"BufRegLayout", "SIZE", "sizeof(struct io_uring_buf_reg)"},
        {"RsrcUpdateLayout", "OFFSET_OFFSET", "offsetof(struct io_uring_rsrc_update, offset)"},
        {"RsrcUpdateLayout", "RESV_OFFSET", "offsetof(struct io_uring_rsrc_update, resv)"},
        {"RsrcUpdateLayout", "DATA_OFFSET", "offsetof(struct io_uring_rsrc_update, data)"},
        {"RsrcUpdateLayout", "SIZE", "sizeof(struct io_uring_rsrc_update)"},
        {"TcpInfoLayout", "STATE_OFFSET", "offsetof(struct tcp_info, tcpi_state)"},
        {"TcpInfoLayout", "HEAD_LENGTH", "offsetof(struct tcp_info, tcpi_rto)"},
        {"TcpInfoLayout", "TCP_ESTABLISHED", "TCP_ESTABLISHED"},
        {"TcpInfoLayout", "TCP_CLOSE", "TCP_CLOSE"},
        {"TcpInfoLayout", "TCP_CLOSE_WAIT", "TCP_CLOSE_WAIT"},
        {"TcpInfoLayout", "TCP_LISTEN", "TCP_LISTEN"},
        {"SocketConstants", "TCP_INFO", "TCP_INFO"},
        {"SocketConstants", "SO_ERROR", "SO_ERROR"},
        {"SocketConstants", "FIONREAD", "FIONREAD"},
    };

    @Test
    @Timeout(60)
    void layoutsAgreeWithTheLinuxHeaders(@TempDir Path dir) throws Exception {
        assumeTrue(onPath(COMPILER), COMPILER + " is not installed");
        StringBuilder c = new StringBuilder()
                // netinet/tcp.h declares struct tcp_info and the TCP_* states only with __USE_MISC.
                .append("#define _DEFAULT_SOURCE\n")
                .append("#include <sys/socket.h>\n#include <sys/ioctl.h>\n#include <sys/uio.h>\n#include <netinet/in.h>\n#include <netinet/tcp.h>\n")
                .append("#include <linux/time_types.h>\n#include <linux/io_uring.h>\n#include <stddef.h>\n");
        for (String[] check : CHECKS) {
            Field field = Class.forName("io.gameport.nativeio.linux." + check[0]).getField(check[1]);
            long value = ((Number) field.get(null)).longValue();
            c.append(String.format("_Static_assert((%s) == %dL, \"%s.%s\");%n", check[2], value, check[0], check[1]));
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
