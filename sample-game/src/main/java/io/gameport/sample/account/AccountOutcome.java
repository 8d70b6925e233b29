package io.gameport.sample.account;

/** The result of {@link AccountStore#register} or {@link AccountStore#authenticate}; playerId is 0 unless OK. */
public record AccountOutcome(AccountResult result, long playerId, String name) {

    static AccountOutcome failed(AccountResult result) {
        return new AccountOutcome(result, 0, "");
    }

    public boolean ok() {
        return result == AccountResult.OK;
    }
}
