package io.gatewayworker.bench;

import io.gatewayworker.bench.baseline.BaselineCommand;
import io.gatewayworker.bench.broadcast.BroadcastCommand;
import io.gatewayworker.bench.connect.ConnectCommand;
import io.gatewayworker.bench.echo.EchoCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/**
 * The {@code bench} command line: load scenarios against any WebSocket endpoint speaking the example
 * chat protocol, and the single-process {@code baseline} server they are compared with.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks a WebSocket endpoint speaking the example chat protocol.",
        subcommands = {ConnectCommand.class, EchoCommand.class, BroadcastCommand.class, BaselineCommand.class, HelpCommand.class})
public final class BenchCommand implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
