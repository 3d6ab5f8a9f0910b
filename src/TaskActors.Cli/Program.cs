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
return await CliApp.Build().Parse(args)
    .InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, stop.Token)
    .ConfigureAwait(false);
