package io.gameport.chaos;

/** Which way bytes flow through a proxied connection. */
public enum Direction {
    CLIENT_TO_SERVER,
    SERVER_TO_CLIENT
}
