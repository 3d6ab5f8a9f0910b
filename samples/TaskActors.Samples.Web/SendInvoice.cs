using TaskActors.Runners;

namespace TaskActors.Samples.Web;

/// <summary>What the sample's handler sends: an invoice number.</summary>
public sealed record InvoiceRequest(int Id);

/// <summary>
/// A stand-in for an application service: "sends" an invoice, failing the first try of each invoice (as a flaky mail
/// server would) so the dashboard has a retry to show.
/// </summary>
public sealed class Invoices
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, int> _tries = new();

    public Task SendAsync(int id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return _tries.AddOrUpdate(id, 1, (_, n) => n + 1) == 1
            ? throw new InvalidOperationException($"mail server refused invoice {id} (try again)")
            : Task.CompletedTask;
    }
}

/// <summary>Handler <c>send-invoice</c>: input <c>{"id": 42}</c>.</summary>
public sealed class SendInvoice(Invoices invoices) : ITaskHandler
{
    public Task HandleAsync(HandlerContext context, CancellationToken cancellationToken) =>
        invoices.SendAsync(context.InputAs<InvoiceRequest>(new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!.Id, cancellationToken);
}
