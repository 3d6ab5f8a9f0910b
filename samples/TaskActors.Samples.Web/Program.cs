// The web sample: run it from the repository root with
//   dotnet run --project samples/TaskActors.Samples.Web
// then open http://127.0.0.1:5080/taskactors (the dashboard), http://127.0.0.1:5080/api/v1/tasks (the API) and
// http://127.0.0.1:5080/healthz. Settings come from appsettings.json ("TaskActors" section).
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using TaskActors.AspNetCore;
using TaskActors.Hosting;
using TaskActors.Samples.Web;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSingleton<Invoices>();
builder.Services.AddTaskActors(builder.Configuration.GetSection("TaskActors"))  // store, node, runtime settings
    .AddHandler<SendInvoice>("send-invoice");                                   // a fresh DI scope per attempt
builder.Services.AddTaskActorsApi();                                            // local requests only, unless you name a policy
builder.Services.AddHealthChecks().AddTaskActorsHealthChecks();
builder.Services.AddOpenTelemetry()
    .WithMetrics(metrics => metrics.AddTaskActorsInstrumentation().AddConsoleExporter())
    .WithTracing(tracing => tracing.AddTaskActorsInstrumentation().AddConsoleExporter());

var app = builder.Build();
app.MapTaskActorsApi("/api");                // GET/POST /api/v1/tasks, .../runs, .../events, cancel, rerun, delete, watch
app.MapTaskActorsDashboard("/taskactors");   // the live dashboard
app.MapHealthChecks("/healthz");
app.MapGet("/", () => Results.Redirect("/taskactors/"));
await app.RunAsync();
