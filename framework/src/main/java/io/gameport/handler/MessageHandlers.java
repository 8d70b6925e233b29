package io.gameport.handler;

/**
 * A group of handlers a studio contributes, usually one class per feature (login, rooms, chat),
 * built by the studio or by Guice with whatever it needs injected. Give each to the server with
 * the .proto file of its messages: {@code GameServer.builder().protocol(LoginProto.getDescriptor()).handlers(LoginHandlers.class)},
 * or on the Guice path {@code GameModule.handlers(LoginHandlers.class, LoginProto.getDescriptor())}; at
 * start-up every group's {@link #register} is called once, and the registry is then frozen.
 *
 * <pre>{@code
 * public final class LoginHandlers implements MessageHandlers {
 *     private final Accounts accounts;
 *
 *     @Inject
 *     LoginHandlers(Accounts accounts) {
 *         this.accounts = accounts;
 *     }
 *
 *     @Override
 *     public void register(HandlerRegistry.Builder on) {
 *         on.request(LoginRequest.class, this::login);
 *         on.message(ChatMessage.class, (session, chat) -> rooms.say(session, chat.getText()));
 *     }
 *
 *     private LoginResponse login(Session session, LoginRequest request) {
 *         ...
 *         session.markAuthenticated();
 *         return LoginResponse.newBuilder().setResult(LoginResult.LOGIN_RESULT_OK).build();
 *     }
 * }
 * }</pre>
 */
@FunctionalInterface
public interface MessageHandlers {
    void register(HandlerRegistry.Builder on);
}
