using System.Net.Sockets;
using System.Text.Json;
using TaskActors.Client;
using TaskActors.Persistence.Ownership;

namespace TaskActors.Control;

/// <summary>
/// The control endpoint of the process that owns a store (the CLI's node, or an app's <c>AddTaskActors</c>): a Unix
/// domain socket (0600, in the owner's private 0700 run folder, <see cref="ControlEndpoint"/>) on which <c>cancel</c>,
/// <c>delete</c> and <c>rerun</c> from other processes reach the node that owns the store. Each connection carries one
/// <see cref="WriteRequest"/> line (at most <see cref="ControlLine.MaxBytes"/>; a longer one is answered with an error
/// and the connection closed) and gets one <see cref="WriteOutcome"/> line back.
/// </summary>
internal sealed class ControlServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly string _path;
    private readonly ITaskClient _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private ControlServer(Socket listener, string path, ITaskClient client)
    {
        _listener = listener;
        _path = path;
        _client = client;
        _accepting = AcceptAsync();
    }

    /// <summary>
    /// Listens on the control socket of the store <paramref name="ownership"/> holds (so a socket file left there by a
    /// dead owner is stale and replaced); null outside Linux, where there is no private run folder.
    /// </summary>
    public static ControlServer? Start(StoreOwnership ownership, ITaskClient client)
    {
        ArgumentNullException.ThrowIfNull(ownership);
        if (!OperatingSystem.IsLinux() || ownership.RunDirectory is not { } runDirectory)
        {
            return null;
        }

        var path = ControlEndpoint.For(ownership.Identity, runDirectory);
        File.Delete(path);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(path));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            listener.Listen(16);
            return new ControlServer(listener, path, client);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        await _accepting.ConfigureAwait(false);
        File.Delete(_path);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = ServeAsync(connection);
        }
    }

    private async Task ServeAsync(Socket connection)
    {
        using (connection)
        {
            await using var stream = new NetworkStream(connection, ownsSocket: false);
            await using var writer = new StreamWriter(stream) { AutoFlush = true };
            WriteOutcome outcome;
            try
            {
                var line = await ControlLine.ReadAsync(stream, ControlLine.MaxBytes, _stop.Token).ConfigureAwait(false);
                var request = line is null ? null : JsonSerializer.Deserialize<WriteRequest>(line, ControlJson.Options);
                outcome = request is null
                    ? new WriteOutcome(ControlCodes.InvalidInput, "empty control request")
                    : await TaskWrites.ExecuteAsync(_client, request, _stop.Token).ConfigureAwait(false);
            }
            catch (JsonException e)
            {
                outcome = new WriteOutcome(ControlCodes.InvalidInput, $"unreadable control request: {e.Message}");
            }
            catch (ControlLineTooLongException e)
            {
                outcome = new WriteOutcome(ControlCodes.InvalidInput, e.Message);
            }
            catch (OperationCanceledException)
            {
                outcome = new WriteOutcome(ControlCodes.StoreBusy, "the node is shutting down; try again once it has stopped");
            }
            catch (Exception e) when (e is TimeoutException or IOException)
            {
                outcome = new WriteOutcome(ControlCodes.StoreBusy, $"the node did not carry out the request: {e.Message}");
            }

            try
            {
                await writer.WriteLineAsync(JsonSerializer.Serialize(outcome, ControlJson.Options)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // the client went away; the change (if any) is in the journal all the same
            }
        }
    }
}
