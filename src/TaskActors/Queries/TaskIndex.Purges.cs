using Akka.Actor;
using Akka.Event;

namespace TaskActors.Queries;

/// <summary>
/// Deletions the journal feed cannot see: a task's history is purged right after its <c>TaskDeleted</c>, and queries
/// skip purged rows, so a deletion made by another process reaches the index through <see cref="PurgedTaskScan"/>
/// instead (every <see cref="QuerySettings.PurgeScanInterval"/>, and once over the whole journal after the rebuild,
/// which also catches a purge that ran while the rebuild was reading). When the index has every event before the
/// <c>TaskDeleted</c>, it applies that event as if the feed had read it (watchers get it); otherwise it removes the task
/// and ends the watches of that task with <see cref="QueryProtocol.WatchEnded"/>.
/// </summary>
internal sealed partial class TaskIndex
{
    private void HandlePurges()
    {
        Receive<ScanPurges>(_ => StartPurgeScan());
        Receive<PurgesFound>(OnPurgesFound);
        Receive<PurgeScanFailed>(failed =>
        {
            _purgeScanning = false;
            _log.Warning("task index: reading purged tasks failed: {0}", failed.Cause.Message);
        });
    }

    private void StartPurgeScans()
    {
        _purgeScan = PurgedTaskScan.Create(Context.System);
        if (_purgeScan is null)
        {
            _log.Warning("task index: no task-actors.sqlite store configured; deletions made by other processes are not seen");
            return;
        }

        StartPurgeScan();
        Timers.StartPeriodicTimer(nameof(ScanPurges), ScanPurges.Instance, _settings.PurgeScanInterval);
    }

    private void StartPurgeScan()
    {
        if (_purgeScanning || _purgeScan is null)
        {
            return;
        }

        // Rows at or below the feed's position were read by it (then it saw the TaskDeleted) or were already marked when
        // it skipped them (then this scan sees them); rows above it are covered by every scan until the feed passes them.
        _purgeScanning = true;
        var upTo = _lastOffset;
        _purgeScan.RunAsync(_purgeScannedUpTo)
            .PipeTo(Self, success: found => new PurgesFound(found, upTo), failure: e => new PurgeScanFailed(e));
    }

    private void OnPurgesFound(PurgesFound found)
    {
        _purgeScanning = false;
        _purgeScannedUpTo = Math.Max(_purgeScannedUpTo, found.UpTo);
        var sink = EmissionSink;
        foreach (var purged in found.Tasks)
        {
            var entry = _table.Find(purged.Id);
            if (entry is null || entry.Closed)
            {
                continue; // never listed here, or its deletion was seen
            }

            if (purged.Event is { } last && entry.JournalSequenceNr == purged.SequenceNr - 1)
            {
                _table.ApplyJournal(purged.Id, purged.SequenceNr, purged.Ordering, last, sink);
                Publish();
            }

            if (!entry.Closed)
            {
                _table.Vanish(purged.Id);
                _log.Warning("task index: task {0} was deleted but events before its deletion were never read; removed", purged.Id);
                EndWatchesOf(purged.Id, $"task {purged.Id} was deleted; its history is gone");
            }
        }
    }

    private sealed record ScanPurges
    {
        public static ScanPurges Instance { get; } = new();
    }

    private sealed record PurgesFound(List<PurgedTask> Tasks, long UpTo);

    private sealed record PurgeScanFailed(Exception Cause);
}
