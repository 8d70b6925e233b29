/**
 * What every settings record of Gameport shares: copying with one setting replaced
 * ({@link io.gameport.settings.Records}) and validation messages that name the setting and the bad
 * value ({@link io.gameport.settings.Require}). The settings themselves live beside what they
 * configure (e.g. {@code io.gameport.net.TransportSettings}); the whole tree of a server is
 * {@code io.gameport.server.GameServerSettings}.
 */
package io.gameport.settings;
