package io.gameport.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.log.PeerLogs;
import io.gameport.tls.TestCertificates;
import io.gameport.tls.TlsContext;
import io.gameport.tls.TlsSettings;
import io.gameport.transport.ErrorMetrics;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.security.spec.AlgorithmParameterSpec;
import java.util.List;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Cipher;
import javax.crypto.CipherSpi;
import javax.crypto.NoSuchPaddingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The TLS engine is handed heap buffers only, on both the server's and the client's side: the
 * JDK's AES-GCM copies a direct buffer through temporary arrays on every record, so a direct
 * buffer reaching it means garbage on every message. Seen through a recording AES/GCM cipher put
 * first among the JVM's providers, which the JDK's TLS then uses for every record.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlsEngineHeapBuffersTest {

    private static final TestCertificates.Issued LOCALHOST = TlsConformanceSupport.CERTIFICATE;
    private static final String PROVIDER = "GameportRecordingGcm";

    @Test
    void recordsOfEverySizeAreEncryptedAndDecryptedInHeapBuffersOnBothSides() throws Exception {
        RecordingGcm.reset();
        Security.insertProviderAt(new RecordingProvider(), 1);
        TlsSettings settings = TlsSettings.defaults().withProtocols(List.of(TlsSettings.TLS13))
                .withCipherSuites(List.of("TLS_AES_128_GCM_SHA256"));
        try (TlsContext serverTls = TlsContext.server(settings, LOCALHOST.material(), null);
                TlsContext clientTls = TlsContext.client(settings, LOCALHOST.asRoot(), null);
                TransportServer server = TransportServer.start(TransportSettings.defaults().withWorkers(1), 1 << 20,
                        new InetSocketAddress("127.0.0.1", 0), new ConnectionHandler() {
                            @Override
                            public void onFrame(Connection connection, ByteBuffer payload) {
                                connection.send(payload);
                            }
                        }, new ErrorMetrics(), PeerLogs.defaults(), serverTls);
                TransportClient client = new TransportClient(TransportSettings.defaults().withWorkers(1), 1 << 20, new ErrorMetrics(),
                        PeerLogs.defaults(), clientTls)) {
            BlockingQueue<byte[]> echoes = new LinkedBlockingQueue<>();
            Connection connection = client.connect(new InetSocketAddress("127.0.0.1", server.port()), new ConnectionHandler() {
                @Override
                public void onFrame(Connection c, ByteBuffer payload) {
                    byte[] copy = new byte[payload.remaining()];
                    payload.get(copy);
                    echoes.add(copy);
                }
            }).get(30, TimeUnit.SECONDS);
            // One byte to several records: large frames split records across receives (the carry).
            SplittableRandom random = new SplittableRandom(11);
            for (int size : new int[] {1, 300, 5_000, 16_000, 70_000, 300_000}) {
                byte[] frame = new byte[size];
                random.nextBytes(frame);
                connection.send(ByteBuffer.wrap(frame));
                byte[] echo = echoes.poll(30, TimeUnit.SECONDS);
                assertNotNull(echo, "echo of " + size + " bytes");
                assertArrayEquals(frame, echo, "echo of " + size + " bytes");
            }
        } finally {
            Security.removeProvider(PROVIDER);
        }
        assertTrue(RecordingGcm.bufferCalls.get() > 10,
                "the JDK's TLS used the recording cipher's ByteBuffer calls: " + RecordingGcm.bufferCalls.get());
        assertEquals(List.of(), List.copyOf(RecordingGcm.directCalls), "cipher calls given a direct buffer");
    }

    /** Serves AES/GCM/NoPadding through {@link RecordingGcm}. */
    private static final class RecordingProvider extends Provider {
        RecordingProvider() {
            super(PROVIDER, "1.0", "AES/GCM that records whether its ByteBuffers are direct (tests only)");
            put("Cipher.AES/GCM/NoPadding", RecordingGcm.class.getName());
        }
    }

    /** AES/GCM/NoPadding from the JDK's own provider, noting each ByteBuffer call and the threads that gave it direct buffers. */
    public static final class RecordingGcm extends CipherSpi {

        static final AtomicLong bufferCalls = new AtomicLong();
        static final Queue<String> directCalls = new ConcurrentLinkedQueue<>();

        private final Cipher cipher;

        public RecordingGcm() throws GeneralSecurityException {
            cipher = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
        }

        static void reset() {
            bufferCalls.set(0);
            directCalls.clear();
        }

        private static void note(String call, ByteBuffer input, ByteBuffer output) {
            bufferCalls.incrementAndGet();
            if ((input != null && input.isDirect()) || (output != null && output.isDirect())) {
                directCalls.add(call + " on " + Thread.currentThread().getName() + " (input direct " + (input != null && input.isDirect())
                        + ", output direct " + (output != null && output.isDirect()) + ")");
            }
        }

        @Override
        protected int engineUpdate(ByteBuffer input, ByteBuffer output) throws javax.crypto.ShortBufferException {
            note("update", input, output);
            return cipher.update(input, output);
        }

        @Override
        protected int engineDoFinal(ByteBuffer input, ByteBuffer output) throws javax.crypto.ShortBufferException,
                javax.crypto.IllegalBlockSizeException, javax.crypto.BadPaddingException {
            note("doFinal", input, output);
            return cipher.doFinal(input, output);
        }

        @Override
        protected void engineUpdateAAD(ByteBuffer src) {
            note("updateAAD", src, null);
            cipher.updateAAD(src);
        }

        @Override
        protected void engineUpdateAAD(byte[] src, int offset, int len) {
            cipher.updateAAD(src, offset, len);
        }

        @Override
        protected void engineSetMode(String mode) throws java.security.NoSuchAlgorithmException {
            if (!"GCM".equalsIgnoreCase(mode)) {
                throw new java.security.NoSuchAlgorithmException(mode);
            }
        }

        @Override
        protected void engineSetPadding(String padding) throws NoSuchPaddingException {
            if (!"NoPadding".equalsIgnoreCase(padding)) {
                throw new NoSuchPaddingException(padding);
            }
        }

        @Override
        protected int engineGetBlockSize() {
            return cipher.getBlockSize();
        }

        @Override
        protected int engineGetOutputSize(int inputLen) {
            return cipher.getOutputSize(inputLen);
        }

        @Override
        protected byte[] engineGetIV() {
            return cipher.getIV();
        }

        @Override
        protected AlgorithmParameters engineGetParameters() {
            return cipher.getParameters();
        }

        @Override
        protected void engineInit(int opmode, Key key, SecureRandom random) throws java.security.InvalidKeyException {
            cipher.init(opmode, key, random);
        }

        @Override
        protected void engineInit(int opmode, Key key, AlgorithmParameterSpec params, SecureRandom random)
                throws java.security.InvalidKeyException, java.security.InvalidAlgorithmParameterException {
            cipher.init(opmode, key, params, random);
        }

        @Override
        protected void engineInit(int opmode, Key key, AlgorithmParameters params, SecureRandom random)
                throws java.security.InvalidKeyException, java.security.InvalidAlgorithmParameterException {
            cipher.init(opmode, key, params, random);
        }

        @Override
        protected byte[] engineUpdate(byte[] input, int inputOffset, int inputLen) {
            return cipher.update(input, inputOffset, inputLen);
        }

        @Override
        protected int engineUpdate(byte[] input, int inputOffset, int inputLen, byte[] output, int outputOffset)
                throws javax.crypto.ShortBufferException {
            return cipher.update(input, inputOffset, inputLen, output, outputOffset);
        }

        @Override
        protected byte[] engineDoFinal(byte[] input, int inputOffset, int inputLen)
                throws javax.crypto.IllegalBlockSizeException, javax.crypto.BadPaddingException {
            return cipher.doFinal(input, inputOffset, inputLen);
        }

        @Override
        protected int engineDoFinal(byte[] input, int inputOffset, int inputLen, byte[] output, int outputOffset)
                throws javax.crypto.ShortBufferException, javax.crypto.IllegalBlockSizeException, javax.crypto.BadPaddingException {
            return cipher.doFinal(input, inputOffset, inputLen, output, outputOffset);
        }
    }
}
