package io.gameport.sample;

import picocli.CommandLine.Option;

/** {@code -h}/{@code --help} for every command: its options, each with its default, then exit 0. */
public final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this command's options and exit.")
    boolean requested;
}
