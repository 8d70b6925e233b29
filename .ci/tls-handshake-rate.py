# Usage: python3 .ci/tls-handshake-rate.py PORT SERVER_PID CERT.pem SECONDS THREADS  (run it pinned: taskset -c 1)
# Handshake rate of a TLS echo server: N client threads connect, complete a TLS 1.3 handshake,
# send one frame, read its echo, close (with close_notify); prints handshakes/s and the server
# process's CPU seconds over the window (from /proc/PID/stat), hence handshakes per CPU-second.
import os, socket, ssl, struct, sys, threading, time
port, pid, ca, seconds, threads = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], float(sys.argv[4]), int(sys.argv[5])
ctx = ssl.create_default_context(cafile=ca)
ctx.check_hostname = False
ctx.minimum_version = ssl.TLSVersion.TLSv1_3
tick = os.sysconf('SC_CLK_TCK')
def cpu():
    f = open('/proc/%d/stat' % pid).read().rsplit(')', 1)[1].split()
    return (int(f[11]) + int(f[12])) / tick
count = [0] * threads
stop = [False]
def run(i):
    while not stop[0]:
        s = ctx.wrap_socket(socket.create_connection(('127.0.0.1', port)), server_hostname='localhost')
        s.sendall(struct.pack('>I', 1) + b'x')
        data = b''
        while len(data) < 5:
            data += s.recv(5 - len(data))
        s.close()
        count[i] += 1
ts = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(threads)]
for t in ts: t.start()
time.sleep(8)  # warm-up (JIT)
c0, n0, t0 = cpu(), sum(count), time.time()
time.sleep(seconds)
c1, n1, t1 = cpu(), sum(count), time.time()
stop[0] = True
n = n1 - n0
print('handshakes=%d seconds=%.1f rate=%.0f/s server_cpu_s=%.2f per_cpu_second=%.0f' % (n, t1 - t0, n / (t1 - t0), c1 - c0, n / max(c1 - c0, 1e-9)))
