package io.gameport.nativeio.windows;

import static io.gameport.nativeio.windows.X64Struct.BYTE;
import static io.gameport.nativeio.windows.X64Struct.DWORD;
import static io.gameport.nativeio.windows.X64Struct.POINTER;
import static io.gameport.nativeio.windows.X64Struct.WORD;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Every *_OFFSET and SIZE of the Windows layout classes against the struct as declared in the
 * Windows SDK headers, laid out by the x64 rules. Pure arithmetic: runs on every OS.
 */
class WindowsLayoutTest {

    @Test
    void overlappedMatchesMinwinbaseOnX64() {
        // typedef struct _OVERLAPPED { ULONG_PTR Internal; ULONG_PTR InternalHigh;
        //   union { struct { DWORD Offset; DWORD OffsetHigh; }; PVOID Pointer; }; HANDLE hEvent; }
        X64Struct c = new X64Struct()
                .scalar("Internal", POINTER)
                .scalar("InternalHigh", POINTER)
                .field("union", POINTER, POINTER)
                .scalar("hEvent", POINTER);
        assertEquals(c.offset("Internal"), OverlappedLayout.INTERNAL_OFFSET);
        assertEquals(c.offset("InternalHigh"), OverlappedLayout.INTERNAL_HIGH_OFFSET);
        assertEquals(c.offset("union"), OverlappedLayout.OFFSET_OFFSET);
        assertEquals(c.offset("union") + DWORD, OverlappedLayout.OFFSET_HIGH_OFFSET);
        assertEquals(c.offset("hEvent"), OverlappedLayout.H_EVENT_OFFSET);
        assertEquals(c.size(), OverlappedLayout.SIZE);
        assertEquals(32, OverlappedLayout.SIZE);
        assertEquals(c.alignment(), OverlappedLayout.ALIGNMENT);
    }

    @Test
    void overlappedEntryMatchesMinwinbaseOnX64() {
        // typedef struct _OVERLAPPED_ENTRY { ULONG_PTR lpCompletionKey; LPOVERLAPPED lpOverlapped;
        //   ULONG_PTR Internal; DWORD dwNumberOfBytesTransferred; }
        X64Struct c = new X64Struct()
                .scalar("lpCompletionKey", POINTER)
                .scalar("lpOverlapped", POINTER)
                .scalar("Internal", POINTER)
                .scalar("dwNumberOfBytesTransferred", DWORD);
        assertEquals(c.offset("lpCompletionKey"), OverlappedEntryLayout.COMPLETION_KEY_OFFSET);
        assertEquals(c.offset("lpOverlapped"), OverlappedEntryLayout.OVERLAPPED_OFFSET);
        assertEquals(c.offset("Internal"), OverlappedEntryLayout.INTERNAL_OFFSET);
        assertEquals(c.offset("dwNumberOfBytesTransferred"), OverlappedEntryLayout.BYTES_TRANSFERRED_OFFSET);
        assertEquals(c.size(), OverlappedEntryLayout.SIZE);
        assertEquals(32, OverlappedEntryLayout.SIZE);
        assertEquals(c.alignment(), OverlappedEntryLayout.ALIGNMENT);
    }

    @Test
    void wsabufMatchesWs2defOnX64() {
        // typedef struct _WSABUF { ULONG len; CHAR FAR *buf; }
        X64Struct c = new X64Struct().scalar("len", DWORD).scalar("buf", POINTER);
        assertEquals(c.offset("len"), WsabufLayout.LEN_OFFSET);
        assertEquals(c.offset("buf"), WsabufLayout.BUF_OFFSET);
        assertEquals(c.size(), WsabufLayout.SIZE);
        assertEquals(16, WsabufLayout.SIZE);
        assertEquals(c.alignment(), WsabufLayout.ALIGNMENT);
    }

    @Test
    void sockaddrInMatchesWs2def() {
        // typedef struct sockaddr_in { ADDRESS_FAMILY sin_family; USHORT sin_port; IN_ADDR sin_addr; CHAR sin_zero[8]; }
        X64Struct c = new X64Struct()
                .scalar("sin_family", WORD)
                .scalar("sin_port", WORD)
                .field("sin_addr", 4, DWORD)
                .field("sin_zero", 8, BYTE);
        assertEquals(c.offset("sin_family"), SockaddrInLayout.FAMILY_OFFSET);
        assertEquals(c.offset("sin_port"), SockaddrInLayout.PORT_OFFSET);
        assertEquals(c.offset("sin_addr"), SockaddrInLayout.ADDR_OFFSET);
        assertEquals(c.offset("sin_zero"), SockaddrInLayout.ZERO_OFFSET);
        assertEquals(c.size(), SockaddrInLayout.SIZE);
        assertEquals(16, SockaddrInLayout.SIZE);
    }

    @Test
    void sockaddrIn6MatchesWs2ipdef() {
        // typedef struct sockaddr_in6 { ADDRESS_FAMILY sin6_family; USHORT sin6_port; ULONG sin6_flowinfo;
        //   IN6_ADDR sin6_addr; union { ULONG sin6_scope_id; SCOPE_ID sin6_scope_struct; }; }
        X64Struct c = new X64Struct()
                .scalar("sin6_family", WORD)
                .scalar("sin6_port", WORD)
                .scalar("sin6_flowinfo", DWORD)
                .field("sin6_addr", 16, WORD)
                .scalar("sin6_scope_id", DWORD);
        assertEquals(c.offset("sin6_family"), SockaddrIn6Layout.FAMILY_OFFSET);
        assertEquals(c.offset("sin6_port"), SockaddrIn6Layout.PORT_OFFSET);
        assertEquals(c.offset("sin6_flowinfo"), SockaddrIn6Layout.FLOWINFO_OFFSET);
        assertEquals(c.offset("sin6_addr"), SockaddrIn6Layout.ADDR_OFFSET);
        assertEquals(c.offset("sin6_scope_id"), SockaddrIn6Layout.SCOPE_ID_OFFSET);
        assertEquals(c.size(), SockaddrIn6Layout.SIZE);
        assertEquals(28, SockaddrIn6Layout.SIZE);
    }

    @Test
    void sockaddrStorageHoldsEveryAddressAndIsEightAligned() {
        // typedef struct sockaddr_storage { ADDRESS_FAMILY ss_family; CHAR __ss_pad1[6]; __int64 __ss_align; CHAR __ss_pad2[112]; }
        X64Struct c = new X64Struct()
                .scalar("ss_family", WORD)
                .field("__ss_pad1", 6, BYTE)
                .scalar("__ss_align", 8)
                .field("__ss_pad2", 112, BYTE);
        assertEquals(c.offset("ss_family"), SockaddrStorageLayout.FAMILY_OFFSET);
        assertEquals(c.size(), SockaddrStorageLayout.SIZE);
        assertEquals(c.alignment(), SockaddrStorageLayout.ALIGNMENT);
        assertEquals(true, SockaddrStorageLayout.SIZE >= SockaddrIn6Layout.SIZE);
    }

    @Test
    void wsadataMatchesWinsock2ForWin64() {
        // _WIN64 variant: WORD wVersion; WORD wHighVersion; unsigned short iMaxSockets; unsigned short iMaxUdpDg;
        //   char *lpVendorInfo; char szDescription[WSADESCRIPTION_LEN+1]; char szSystemStatus[WSASYS_STATUS_LEN+1];
        X64Struct c = new X64Struct()
                .scalar("wVersion", WORD)
                .scalar("wHighVersion", WORD)
                .scalar("iMaxSockets", WORD)
                .scalar("iMaxUdpDg", WORD)
                .scalar("lpVendorInfo", POINTER)
                .field("szDescription", 256 + 1, BYTE)
                .field("szSystemStatus", 128 + 1, BYTE);
        assertEquals(c.offset("wVersion"), WsadataLayout.VERSION_OFFSET);
        assertEquals(c.offset("wHighVersion"), WsadataLayout.HIGH_VERSION_OFFSET);
        assertEquals(c.offset("iMaxSockets"), WsadataLayout.MAX_SOCKETS_OFFSET);
        assertEquals(c.offset("iMaxUdpDg"), WsadataLayout.MAX_UDP_DG_OFFSET);
        assertEquals(c.offset("lpVendorInfo"), WsadataLayout.VENDOR_INFO_OFFSET);
        assertEquals(c.offset("szDescription"), WsadataLayout.DESCRIPTION_OFFSET);
        assertEquals(c.offset("szSystemStatus"), WsadataLayout.SYSTEM_STATUS_OFFSET);
        assertEquals(WsadataLayout.DESCRIPTION_OFFSET + WsadataLayout.DESCRIPTION_LENGTH, WsadataLayout.SYSTEM_STATUS_OFFSET);
        assertEquals(c.size(), WsadataLayout.SIZE);
        assertEquals(c.alignment(), WsadataLayout.ALIGNMENT);
    }

    @Test
    void guidMatchesGuiddef() {
        // typedef struct _GUID { unsigned long Data1; unsigned short Data2; unsigned short Data3; unsigned char Data4[8]; }
        X64Struct c = new X64Struct()
                .scalar("Data1", DWORD)
                .scalar("Data2", WORD)
                .scalar("Data3", WORD)
                .field("Data4", 8, BYTE);
        assertEquals(c.offset("Data1"), GuidLayout.DATA1_OFFSET);
        assertEquals(c.offset("Data2"), GuidLayout.DATA2_OFFSET);
        assertEquals(c.offset("Data3"), GuidLayout.DATA3_OFFSET);
        assertEquals(c.offset("Data4"), GuidLayout.DATA4_OFFSET);
        assertEquals(c.size(), GuidLayout.SIZE);
    }

    @Test
    void lingerMatchesWinsock2() {
        // typedef struct linger { u_short l_onoff; u_short l_linger; }
        X64Struct c = new X64Struct().scalar("l_onoff", WORD).scalar("l_linger", WORD);
        assertEquals(c.offset("l_onoff"), LingerLayout.ONOFF_OFFSET);
        assertEquals(c.offset("l_linger"), LingerLayout.LINGER_OFFSET);
        assertEquals(c.size(), LingerLayout.SIZE);
    }

    @Test
    void acceptExAddressSlotsAreSockaddrIn6PlusSixteen() {
        assertEquals(28 + 16, WinConstants.ACCEPTEX_ADDRESS_BYTES);
    }
}
