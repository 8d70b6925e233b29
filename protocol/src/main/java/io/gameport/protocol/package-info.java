/**
 * Gameport's wire protocol: the frame, the message header, the message registry and the codecs.
 *
 * <h2>Wire format</h2>
 * A connection carries a sequence of frames. A frame is a 4-byte big-endian payload length L
 * (not counting itself), then L payload bytes. A game message's payload is a 6-byte
 * {@link io.gameport.protocol.MessageHeader} and then the Protobuf body (proto3 binary encoding,
 * possibly empty, running to the end of the frame):
 *
 * <pre>
 *  byte   0    1    2    3  | 4    5  | 6    7    8    9    10   11 | 12 ...          4+L-1
 *        +----+----+----+----+----+----+----+----+----+----+----+----+------------------+
 *        |  L (u32 BE)       | msg id  |   request id (u32 BE)       |  Protobuf body   |
 *        |                   | (u16 BE)|                             |  (L - 6 bytes)   |
 *        +----+----+----+----+----+----+----+----+----+----+----+----+------------------+
 *        '- length prefix --''------------ payload: L bytes ------------------------------'
 * </pre>
 *
 * <ul>
 *   <li><b>L</b>: u32 big-endian, 6..{@link io.gameport.protocol.ProtocolSettings#maxFrameBytes()}
 *       for game messages (the {@link io.gameport.protocol.PassThroughFrameCodec} also accepts
 *       0..5). A larger L is rejected as soon as the 4 bytes are read
 *       ({@link io.gameport.protocol.Frames#readLength}), before anything is buffered.</li>
 *   <li><b>msg id</b>: u16 big-endian, the {@code (gameport.msg_id)} option of the body's type,
 *       1..65535; 0 is never assigned. Ranges: 1-99 framework, 100-999 Gameport's sample game
 *       (login 100-199, room 200-299), 1000-65535 a studio's own messages.</li>
 *   <li><b>request id</b>: u32 big-endian. 0: not a request. Otherwise the sender expects a
 *       response, and the response carries the same request id.</li>
 * </ul>
 *
 * Example: {@code Ping{nonce: 5}} as request 0x01020304 is the 12 bytes
 * {@code 00 00 00 08 | 00 01 | 01 02 03 04 | 08 05}.
 *
 * <h2>Who does what</h2>
 * <ul>
 *   <li>{@link io.gameport.protocol.MessageRegistry}: ids to Protobuf types and back, read from
 *       the .proto files' {@code (gameport.msg_id)} options; duplicates rejected at start-up.</li>
 *   <li>{@link io.gameport.protocol.FrameCodec}: the interface dispatch decodes and encodes
 *       payloads through. {@link io.gameport.protocol.MessageCodec} is the Protobuf
 *       implementation; {@link io.gameport.protocol.PassThroughFrameCodec} keeps bytes as they
 *       are (echo benchmark).</li>
 *   <li>{@link io.gameport.protocol.Frames}: length prefix reading, validation and writing.</li>
 *   <li>Anything a peer sends that cannot be decoded is a
 *       {@link io.gameport.protocol.ProtocolException} of one
 *       {@link io.gameport.protocol.ProtocolError} kind; nothing else escapes decoding.</li>
 * </ul>
 *
 * <p>Generated message classes live in {@code io.gameport.protocol.messages} (framework and the
 * {@code msg_id} option), compiled from {@code src/main/proto} by the Maven build. The jar also
 * carries the .proto files, so a game's own files (the sample game's, a studio's) import
 * {@code gameport/options.proto} from it when its module compiles them.
 */
package io.gameport.protocol;
