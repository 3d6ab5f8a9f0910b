using TaskActors.Model.Events;
using TaskActors.Model.Identity;
using TaskActors.Model.Json;
using TaskActors.Model.Policies;
using TaskActors.Model.Resources;
using TaskActors.Model.Selectors;
using TaskActors.Model.Specs;
using TaskActors.Model.State;
using TaskActors.Model.Workloads;

namespace TaskActors.Model.Tests.Json;

/// <summary>
/// Events as they were serialized when each manifest was introduced, committed under Json/Fixtures. These files
/// are never regenerated for an existing manifest: if a change breaks reading one, the change is wrong (or needs a
/// new manifest version and an up-caster). Set TASKACTORS_WRITE_FIXTURES=1 only to add a fixture for a NEW manifest.
/// </summary>
public sealed class GoldenFixturesSpec
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 7, 34, 25, 123, TimeSpan.Zero);

    private static readonly string FixtureDirectory = Path.Combine(AppContext.BaseDirectory, "Json", "Fixtures");

    private static readonly string SourceFixtureDirectory =
        Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "Json", "Fixtures"));

    private static TaskSpec Spec => TaskSpec.Builder("reports", SubprocessWorkload.Command("sh", "-c", "exit 1"))
        .TimeoutMs(30_000)
        .Restart(RestartPolicy.OnFailure)
        .Backoff(new BackoffPolicy(JitterPolicy.Equal, 500, 10_000, 2.0))
        .MaxRetries(3)
        .Admission(AdmissionPolicy.Queue)
        .RunnerSelector(LabelSelector.ForLabels(("os", "linux")).With(SelectorRequirement.Of("zone", SelectorOperator.NotIn, "eu-1")))
        .Label("team", "finance")
        .Build();

    /// <summary>One task's whole history, in journal order, one event per manifest.</summary>
    private static IReadOnlyList<(string File, ITaskEvent Event)> History =>
    [
        ("01-task-created.v1.json", new TaskCreated(new TaskId("nightly-report"), Spec, T0)),
        ("02-attempt-started.v1.json", new AttemptStarted(1, T0.AddSeconds(1), "subprocess", "node-a")),
        ("03-attempt-finished.v1.json", new AttemptFinished(1, TaskPhase.Failed, T0.AddSeconds(2), 1, "exit code 1", 4242, null, "out\n", "err\n")),
        ("04-retry-scheduled.v1.json", new RetryScheduled(0, 731, T0.AddSeconds(2).AddMilliseconds(731), RetryReason.Failure, T0.AddSeconds(2))),
        ("05-attempt-started.v1.json", new AttemptStarted(2, T0.AddSeconds(3))),
        ("06-attempt-finished.v1.json", new AttemptFinished(2, TaskPhase.Timeout, T0.AddSeconds(33), null, "timed out after 30000 ms", 4243, "SIGKILL")),
        ("07-task-exhausted.v1.json", new TaskExhausted("retry budget spent", T0.AddSeconds(33))),
        ("08-task-rerun-requested.v1.json", new TaskRerunRequested(T0.AddMinutes(5))),
        ("09-attempt-started.v1.json", new AttemptStarted(3, T0.AddMinutes(5))),
        ("10-task-canceled.v1.json", new TaskCanceled("canceled by client", T0.AddMinutes(6))),
        ("11-attempt-finished.v1.json", new AttemptFinished(3, TaskPhase.Canceled, T0.AddMinutes(6), null, "canceled", 4300, "SIGKILL")),
        ("12-task-deleted.v1.json", new TaskDeleted(T0.AddMinutes(7))),
    ];

    /// <summary>A task that waited in its slot's queue: created unadmitted, admitted, started, rerun while queued.</summary>
    private static IReadOnlyList<(string File, ITaskEvent Event)> QueuedHistory =>
    [
        ("q01-task-created.v1.json", new TaskCreated(new TaskId("queued-report"), Spec, T0, Admitted: false)),
        ("q02-task-admitted.v1.json", new TaskAdmitted(T0.AddSeconds(10))),
        ("q03-attempt-started.v1.json", new AttemptStarted(1, T0.AddSeconds(10))),
        ("q04-attempt-finished.v1.json", new AttemptFinished(1, TaskPhase.Succeeded, T0.AddSeconds(11), 0)),
        ("q05-task-rerun-requested.v1.json", new TaskRerunRequested(T0.AddSeconds(20), Admitted: false)),
        ("q06-task-admitted.v1.json", new TaskAdmitted(T0.AddSeconds(30))),
    ];

    /// <summary>A task whose node was stopped during its attempt: the process group recorded, the attempt interrupted and retried.</summary>
    private static IReadOnlyList<(string File, ITaskEvent Event)> InterruptedHistory =>
    [
        ("i01-task-created.v1.json", new TaskCreated(new TaskId("interrupted-report"), Spec with { StopGracePeriodMs = 2_500, OnInterruption = InterruptionPolicy.Retry }, T0)),
        ("i02-attempt-started.v1.json", new AttemptStarted(1, T0.AddSeconds(1), "subprocess", "node-a")),
        ("i03-attempt-process-started.v1.json", new AttemptProcessStarted(1, 31337, 123456789, T0.AddSeconds(1))),
        ("i04-attempt-finished.v1.json", new AttemptFinished(1, TaskPhase.Failed, T0.AddSeconds(4), 143, AttemptFinished.InterruptedError, 31337, "SIGTERM") { Interrupted = true }),
        ("i05-retry-scheduled.v1.json", new RetryScheduled(0, 0, T0.AddSeconds(4), RetryReason.Interruption, T0.AddSeconds(4))),
    ];

    private static IEnumerable<(string File, ITaskEvent Event)> AllFixtures => History.Concat(QueuedHistory).Concat(InterruptedHistory);

    [Fact]
    public void The_committed_interrupted_history_replays_to_a_retry_that_is_not_a_failure()
    {
        WriteMissingFixturesWhenAsked();
        var fromFixtures = TaskState.Replay(InterruptedHistory.Select(h =>
            (ITaskEvent)TaskEventJson.FromBytes(File.ReadAllBytes(Path.Combine(FixtureDirectory, h.File)), ManifestFromFileName(h.File))));

        Assert.Equal(TaskState.Replay(InterruptedHistory.Select(h => h.Event)), fromFixtures);
        Assert.Equal(0, fromFixtures.FailureStreak);
        Assert.Equal(RetryReason.Interruption, fromFixtures.ScheduledRetry!.Reason);
        Assert.Equal(2_500, fromFixtures.Resource!.Spec.StopGracePeriodMs);
    }

    [Fact]
    public void The_committed_queued_history_replays_to_the_same_state_as_its_events()
    {
        WriteMissingFixturesWhenAsked();
        var fromFixtures = TaskState.Replay(QueuedHistory.Select(h =>
            (ITaskEvent)TaskEventJson.FromBytes(File.ReadAllBytes(Path.Combine(FixtureDirectory, h.File)), ManifestFromFileName(h.File))));

        Assert.Equal(TaskState.Replay(QueuedHistory.Select(h => h.Event)), fromFixtures);
        Assert.True(fromFixtures.IsAdmitted);
        Assert.Equal(TaskPhase.Pending, fromFixtures.Resource!.Phase);
    }

    [Fact]
    [Trait("Invariant", "11")]
    public void Every_committed_fixture_reads_back_as_the_event_it_was_written_from()
    {
        WriteMissingFixturesWhenAsked();
        foreach (var (file, expected) in AllFixtures)
        {
            var bytes = File.ReadAllBytes(Path.Combine(FixtureDirectory, file));
            var actual = TaskEventJson.FromBytes(bytes, ManifestFromFileName(file));
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void The_committed_history_replays_to_the_same_state_as_the_events_it_was_written_from()
    {
        var fromFixtures = TaskState.Replay(History.Select(h =>
            (ITaskEvent)TaskEventJson.FromBytes(File.ReadAllBytes(Path.Combine(FixtureDirectory, h.File)), ManifestFromFileName(h.File))));
        var fromEvents = TaskState.Replay(History.Select(h => h.Event));

        Assert.Equal(fromEvents, fromFixtures);
        Assert.Equal(History.Count, fromFixtures.Version);
        Assert.True(fromFixtures.IsDeleted);
        Assert.Equal([1, 2, 3], fromFixtures.Runs.Select(r => r.Attempt));
        Assert.Equal([TaskPhase.Failed, TaskPhase.Timeout, TaskPhase.Canceled], fromFixtures.Runs.Select(r => r.Phase));
    }

    [Fact]
    [Trait("Invariant", "11")]
    public void Every_manifest_of_this_version_has_a_fixture()
    {
        var covered = AllFixtures.Select(h => ManifestFromFileName(h.File)).ToHashSet();
        Assert.All(TaskEventJson.Manifests.Where(m => m != TaskEventJson.TaskStateManifest), m => Assert.Contains(m, covered));
    }

    private static string ManifestFromFileName(string file) => Path.GetFileNameWithoutExtension(file)[(file.IndexOf('-', StringComparison.Ordinal) + 1)..];

    private static void WriteMissingFixturesWhenAsked()
    {
        if (Environment.GetEnvironmentVariable("TASKACTORS_WRITE_FIXTURES") != "1")
        {
            return;
        }

        Directory.CreateDirectory(SourceFixtureDirectory);
        foreach (var (file, @event) in AllFixtures)
        {
            var path = Path.Combine(SourceFixtureDirectory, file);
            if (!File.Exists(path))
            {
                File.WriteAllBytes(path, TaskEventJson.ToBytes(@event));
            }
        }
    }
}
