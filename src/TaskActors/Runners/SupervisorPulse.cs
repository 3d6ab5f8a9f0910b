using System.IO.Pipes;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace TaskActors.Runners;

/// <summary>
/// The pulse of one node (<see cref="FenceSettings.Pulse"/>): a dedicated thread that writes one byte (<c>\n</c>) to the
/// stdin pipe of every live attempt's supervisor every <see cref="Interval"/>. A supervisor launched with the pulse
/// (<see cref="SubprocessSupervisor"/>) stops its process group when no byte arrived for <see cref="Timeout"/>, so the
/// attempts of a node that is frozen, paused or cut off end on their own.
/// </summary>
/// <remarks>
/// <para>
/// Created by <see cref="Node.TaskActorsNode"/> when the pulse is on and disposed when its actor system terminates;
/// handed to every attempt through <see cref="AttemptContext.Pulse"/>. The <see cref="SubprocessRunner"/> registers its
/// supervisor's stdin after the launch and drops it before closing that pipe.
/// </para>
/// <para>
/// Writes never block the node: each registered pipe is switched to non-blocking mode, and a full pipe (its supervisor
/// is not reading, e.g. it was stopped itself) is skipped for this beat. A write to a pipe whose supervisor is gone
/// fails with EPIPE (the .NET runtime ignores SIGPIPE) and the pipe is dropped; nothing throws. Each write holds a
/// reference on the pipe's handle, so a pipe closed meanwhile is never written to under a reused descriptor.
/// </para>
/// </remarks>
internal sealed partial class SupervisorPulse : IDisposable
{
    private const int FGetFl = 3;
    private const int FSetFl = 4;
    private const int ONonBlock = 0x800;
    private const int EAgain = 11;
    private const int EIntr = 4;

    private readonly object _gate = new();
    private readonly List<Registration> _pipes = [];
    private readonly ManualResetEventSlim _stop = new();
    private readonly Thread _thread;
    private long _beats;
    private long _skipped;
    private long _dropped;
    private int _disposed;

    /// <summary>Starts the pulse thread of a node.</summary>
    public SupervisorPulse(TimeSpan interval, TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, interval);
        Interval = interval;
        Timeout = timeout;
        _thread = new Thread(Run) { IsBackground = true, Name = "taskactors-pulse" };
        _thread.Start();
    }

    /// <summary>How often each registered supervisor gets a byte.</summary>
    public TimeSpan Interval { get; }

    /// <summary>How long a supervisor waits for a byte before it stops its attempt (given to it at launch).</summary>
    public TimeSpan Timeout { get; }

    /// <summary>How many pipes are registered now.</summary>
    public int Registered
    {
        get
        {
            lock (_gate)
            {
                return _pipes.Count;
            }
        }
    }

    /// <summary>Bytes written so far, beats skipped because a pipe was full, and pipes dropped because their reader was gone.</summary>
    public (long Beats, long Skipped, long Dropped) Counts => (Interlocked.Read(ref _beats), Interlocked.Read(ref _skipped), Interlocked.Read(ref _dropped));

    /// <summary>
    /// Pulses the supervisor whose stdin is <paramref name="stdin"/> (the base stream of
    /// <see cref="System.Diagnostics.Process.StandardInput"/>) until the returned registration is disposed, which must
    /// happen before the pipe is closed.
    /// </summary>
    public IDisposable Register(Stream stdin)
    {
        ArgumentNullException.ThrowIfNull(stdin);
        if (stdin is not PipeStream { SafePipeHandle: var handle })
        {
            throw new InvalidOperationException($"the supervisor's stdin is a {stdin.GetType().Name}, not a pipe: it cannot be pulsed");
        }

        var flags = Fcntl(handle, FGetFl, 0);
        if (flags < 0 || Fcntl(handle, FSetFl, flags | ONonBlock) < 0)
        {
            throw new IOException($"cannot make the supervisor's stdin non-blocking: {Marshal.GetLastPInvokeErrorMessage()}");
        }

        var registration = new Registration(this, handle);
        lock (_gate)
        {
            _pipes.Add(registration);
        }

        // The first byte at once: the supervisor's timer runs from its start, not from the next beat.
        Beat(registration);
        return registration;
    }

    /// <summary>Stops the pulse thread; supervisors still registered hear nothing from now on.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _stop.Set();
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join();
        }

        _stop.Dispose();
    }

    private void Run()
    {
        var beat = new List<Registration>();
        while (!_stop.Wait(Interval))
        {
            beat.Clear();
            lock (_gate)
            {
                beat.AddRange(_pipes);
            }

            foreach (var registration in beat)
            {
                Beat(registration);
            }
        }
    }

    private void Beat(Registration registration)
    {
        nint written;
        int error;
        try
        {
            byte newline = (byte)'\n';
            written = Write(registration.Handle, in newline, 1);
            error = written < 0 ? Marshal.GetLastPInvokeError() : 0;
        }
        catch (ObjectDisposedException)
        {
            // Closed by its runner meanwhile (it always unregisters first; this is the belt to those braces).
            written = -1;
            error = 0;
        }

        if (written == 1)
        {
            Interlocked.Increment(ref _beats);
        }
        else if (error is EAgain or EIntr)
        {
            Interlocked.Increment(ref _skipped); // full: the supervisor is not reading; it will be on time or not at all
        }
        else
        {
            Interlocked.Increment(ref _dropped); // EPIPE (the supervisor is gone) or closed: nothing more to pulse
            Remove(registration);
        }
    }

    private void Remove(Registration registration)
    {
        lock (_gate)
        {
            _pipes.Remove(registration);
        }
    }

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint Write(SafePipeHandle fd, in byte buffer, nint count);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(SafePipeHandle fd, int command, int argument);

    private sealed class Registration(SupervisorPulse pulse, SafePipeHandle handle) : IDisposable
    {
        public SafePipeHandle Handle { get; } = handle;

        public void Dispose() => pulse.Remove(this);
    }
}
