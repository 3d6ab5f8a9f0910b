// A worker-service host that embeds TaskActors: two handlers from DI (greet, flaky), six tasks submitted at start
// (handlers, a subprocess, a queue-slot pair), every phase change logged through the client's watch, and a summary
// once all have settled; then it exits (code 0 when every task ended as expected). Run from the repository root:
//   dotnet run --project samples/TaskActors.Samples.Worker
// The store is <current directory>/data/taskactors.db (the host's content root).

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TaskActors.Hosting;
using TaskActors.Samples.Worker;

// The whole embedding: AddTaskActors (store at <content root>/data/taskactors.db) + two handlers from DI.
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.ClearProviders().AddSimpleConsole(o =>
{
    o.SingleLine = true;
    o.TimestampFormat = "HH:mm:ss.fff ";
});
builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
builder.Logging.AddFilter("Akka", LogLevel.Warning);      // Akka's own log goes through ILogger (AddTaskActors' default)

builder.Services.AddSingleton<Greeter>();
builder.Services.AddSingleton<FlakyCounter>();
builder.Services.AddTaskActors(options => options.NodeName = "sample-node")
    .AddHandler<GreetHandler>("greet")
    .AddHandler<FlakyHandler>("flaky");
builder.Services.AddHostedService<SampleRun>();

await builder.Build().RunAsync();
