package io.gameport.sample.account;

/** What a registration or a password check came to. */
public enum AccountResult {
    OK,
    BAD_PASSWORD,
    UNKNOWN_NAME,
    NAME_TAKEN,
    INVALID_NAME,
    INVALID_PASSWORD
}
