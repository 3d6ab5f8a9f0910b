using System.CommandLine;
using System.Runtime.InteropServices;
using TaskActors.Cli;

// Ctrl+C (SIGINT) and SIGTERM cancel the command's token; `run` then shuts its node down gracefully.
using var stop = new CancellationTokenSource();
void OnSignal(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
// Piped or redirected output has no terminal width: tables take the width they need instead of wrapping at 80.
if (Console.IsOutputRedirected)
{
    Spectre.Console.AnsiConsole.Profile.Width = 400;
}

var parsed = CliApp.Build().Parse(args);
if (parsed.Errors.Count > 0)
{
    // Usage errors are invalid input (exit 2), like every other bad value.
    foreach (var error in parsed.Errors)
    {
        await TerminalText.ErrorLinesAsync(error.Message).ConfigureAwait(false);
    }

    await Console.Error.WriteLineAsync("see `taskactors --help`").ConfigureAwait(false);
    return ExitCodes.InvalidInput;
}

return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, stop.Token).ConfigureAwait(false);
