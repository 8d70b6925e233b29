package io.gameport.sample.account;

/**
 * The result of {@link AccountStore#register} or {@link AccountStore#authenticate}; playerId is 0
 * unless OK. {@code loginCount} is the account's login counter after a successful authenticate
 * (1 for the first login, higher is newer; 0 otherwise): the generation its ticket carries.
 */
public record AccountOutcome(AccountResult result, long playerId, String name, long loginCount) {

    static AccountOutcome failed(AccountResult result) {
        return new AccountOutcome(result, 0, "", 0);
    }

    public boolean ok() {
        return result == AccountResult.OK;
    }
}
