using System.Net.Sockets;
using System.Text.Json;

namespace TaskActors.Control;

/// <summary>Sends one <see cref="WriteRequest"/> to the control socket of the process that owns a store (<see cref="ControlServer"/>).</summary>
internal static class ControlClient
{
    /// <summary>The node's outcome, or null when nothing listens on the store's control socket.</summary>
    public static async Task<WriteOutcome?> SendAsync(string storePath, WriteRequest request, TimeSpan timeout, CancellationToken ct)
    {
        var path = ControlEndpoint.Find(storePath);
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), deadline.Token).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            return null;
        }

        await using var stream = new NetworkStream(socket, ownsSocket: false);
        using var reader = new StreamReader(stream);
        await using var writer = new StreamWriter(stream) { AutoFlush = true };
        await writer.WriteLineAsync(JsonSerializer.Serialize(request, ControlJson.Options).AsMemory(), deadline.Token).ConfigureAwait(false);
        var line = await reader.ReadLineAsync(deadline.Token).ConfigureAwait(false);
        return line is null
            ? new WriteOutcome(ControlCodes.StoreBusy, "the node closed its control socket without answering; check the task with `get`")
            : JsonSerializer.Deserialize<WriteOutcome>(line, ControlJson.Options)
              ?? new WriteOutcome(ControlCodes.StoreBusy, "the node answered nothing readable; check the task with `get`");
    }
}
