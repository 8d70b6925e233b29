package io.gameport.handler;

/**
 * A group of handlers a studio contributes, usually one class per feature (login, rooms, chat)
 * built by Guice with whatever it needs injected. Bind each with
 * {@code DispatchModule.handlers(binder()).addBinding().to(LoginHandlers.class)}; at start-up
 * every group's {@link #register} is called once, and the registry is then frozen.
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
