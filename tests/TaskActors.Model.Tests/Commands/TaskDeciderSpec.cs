using TaskActors.Model.Attempts;
using TaskActors.Model.Commands;
using TaskActors.Model.Events;
using TaskActors.Model.Policies;
using TaskActors.Model.Resources;
using TaskActors.Model.Specs;
using TaskActors.Model.State;
using TaskActors.Model.Workloads;
using static TaskActors.Model.Tests.Generators.TaskFixtures;

namespace TaskActors.Model.Tests.Commands;

/// <summary>Each command rule of <see cref="TaskDecider"/>, one example per answer, in the order the rules are checked.</summary>
public sealed class TaskDeciderSpec
{
    private static readonly Random Seeded = new(7);

    private static TaskState Running() => New().Then(new AttemptStarted(1, At(1)));

    private static TaskState Finished(TaskPhase outcome, TaskSpec? spec = null) =>
        New(spec).Then(new AttemptStarted(1, At(1)), new AttemptFinished(1, outcome, At(2)));

    private static Rejection Refusal(CommandVerdict verdict) => Assert.IsType<CommandVerdict.Refused>(verdict).Rejection;

    // Submit

    [Fact]
    public void Submitting_an_existing_id_answers_with_the_existing_task_and_writes_nothing()
    {
        var existing = Running();

        var verdict = TaskDecider.Submit(existing, Id, Spec(RestartPolicy.Always), idRetired: false, runnerRefusal: null);

        Assert.Equal(existing.Resource, Assert.IsType<CommandVerdict.AlreadyExists>(verdict).Task);
    }

    [Fact]
    public void A_deleted_or_retired_id_is_refused_because_ids_are_never_reused()
    {
        var deleted = Running().Then(new TaskDeleted(At(3)));

        Assert.Equal(RejectionKind.IdRetired, Refusal(TaskDecider.Submit(deleted, Id, Spec(), idRetired: false, null)).Kind);
        var retired = Refusal(TaskDecider.Submit(TaskState.Empty, Id, Spec(), idRetired: true, null));
        Assert.Equal(RejectionKind.IdRetired, retired.Kind);
        Assert.Equal("the id 'nightly-report' belonged to a deleted task; ids are never reused", retired.Message);
    }

    [Fact]
    public void An_invalid_spec_answers_every_error_before_any_runner_check()
    {
        var spec = TaskSpec.Builder("reports", SubprocessWorkload.Command("dotnet")).TimeoutMs(0).BuildUnchecked();

        var verdict = TaskDecider.Submit(TaskState.Empty, Id, spec, false, new Rejection(RejectionKind.NoRunner, "none"));

        Assert.Contains(Assert.IsType<CommandVerdict.Invalid>(verdict).Errors, e => e.Path == "spec.timeoutMs");
    }

    [Fact]
    public void A_spec_no_runner_could_run_is_refused_with_the_runners_reason()
    {
        var refusal = new Rejection(RejectionKind.UnknownHandler, "no handler named 'x'");

        Assert.Equal(refusal, Refusal(TaskDecider.Submit(TaskState.Empty, Id, Spec(), false, refusal)));
    }

    [Fact]
    public void A_valid_new_submit_claims_its_slot_and_is_then_created_admitted_or_queued()
    {
        Assert.IsType<CommandVerdict.ClaimSlot>(TaskDecider.Submit(TaskState.Empty, Id, Spec(), false, null));

        var created = Assert.IsType<TaskCreated>(Assert.Single(TaskDecider.Created(Id, Spec(), admitted: false, At(1), "00-trace-01")));
        Assert.Equal(new TaskCreated(Id, Spec(), At(1), Admitted: false, TraceParent: "00-trace-01"), created);
    }

    // Rerun

    [Fact]
    public void Rerun_of_an_unknown_or_deleted_task_is_not_found()
    {
        Assert.IsType<CommandVerdict.NotFound>(TaskDecider.Rerun(TaskState.Empty, nodeStopping: false));
        Assert.IsType<CommandVerdict.NotFound>(TaskDecider.Rerun(Finished(TaskPhase.Failed).Then(new TaskDeleted(At(3))), nodeStopping: false));
    }

    [Fact]
    public void Rerun_is_refused_while_the_node_stops()
    {
        Assert.Equal(RejectionKind.ShuttingDown, Refusal(TaskDecider.Rerun(Finished(TaskPhase.Succeeded), nodeStopping: true)).Kind);
    }

    [Fact]
    public void Only_a_settled_task_can_be_rerun()
    {
        var waiting = Finished(TaskPhase.Failed, Spec(RestartPolicy.OnFailure)).Then(new RetryScheduled(0, 1000, At(3), RetryReason.Failure, At(2)));

        var running = Refusal(TaskDecider.Rerun(Running(), false));
        var scheduled = Refusal(TaskDecider.Rerun(waiting, false));

        Assert.Equal(RejectionKind.WrongPhase, running.Kind);
        Assert.Equal("only a settled task (finished, nothing scheduled) can be rerun; 'nightly-report' is running", running.Message);
        Assert.EndsWith("is failed with a next attempt scheduled", scheduled.Message, StringComparison.Ordinal);
        Assert.IsType<CommandVerdict.ClaimSlot>(TaskDecider.Rerun(Finished(TaskPhase.Failed), false));
        Assert.Equal([new TaskRerunRequested(At(4), Admitted: false)], TaskDecider.RerunGranted(admitted: false, At(4)));
    }

    // Cancel

    [Fact]
    public void Cancel_of_an_unknown_or_deleted_task_is_not_found()
    {
        Assert.IsType<CommandVerdict.NotFound>(TaskDecider.Cancel(TaskState.Empty, null, null, At(1)));
        Assert.IsType<CommandVerdict.NotFound>(TaskDecider.Cancel(Running().Then(new TaskDeleted(At(2))), null, null, At(3)));
    }

    [Fact]
    public void Cancel_with_a_stale_resource_version_is_a_conflict_that_changes_nothing()
    {
        var running = Running();

        var conflict = Assert.IsType<CommandVerdict.Conflict>(TaskDecider.Cancel(running, expectedResourceVersion: 1, null, At(2)));

        Assert.Equal((1, 2), (conflict.Expected, conflict.Actual));
        Assert.Equal("task 'nightly-report' is at resourceVersion 2, not 1; get it again and retry", conflict.Message);
    }

    [Fact]
    public void Canceling_a_canceled_task_answers_it_as_it_is()
    {
        var canceled = Running().Then(new TaskCanceled("stop", At(2)));

        Assert.Equal(canceled.Resource, Assert.IsType<CommandVerdict.Unchanged>(TaskDecider.Cancel(canceled, null, null, At(3))).Task);
    }

    [Theory]
    [InlineData(TaskPhase.Succeeded)]
    [InlineData(TaskPhase.Failed)]
    [InlineData(TaskPhase.Timeout)]
    public void A_settled_task_cannot_be_canceled(TaskPhase outcome)
    {
        var refusal = Refusal(TaskDecider.Cancel(Finished(outcome), null, null, At(3)));

        Assert.Equal(RejectionKind.WrongPhase, refusal.Kind);
        Assert.Equal($"task 'nightly-report' already finished ({outcome.ToWireName()}); nothing to cancel", refusal.Message);
    }

    [Fact]
    public void An_active_task_is_canceled_with_the_given_or_the_default_reason()
    {
        var waiting = Finished(TaskPhase.Failed, Spec(RestartPolicy.OnFailure)).Then(new RetryScheduled(0, 1000, At(3), RetryReason.Failure, At(2)));

        Assert.Equal([new TaskCanceled(TaskDecider.DefaultCancelReason, At(3))], Assert.IsType<CommandVerdict.Persist>(TaskDecider.Cancel(Running(), null, null, At(3))).Events);
        Assert.Equal([new TaskCanceled("replaced", At(4))], Assert.IsType<CommandVerdict.Persist>(TaskDecider.Cancel(waiting, 4, "replaced", At(4))).Events);
    }

    // Delete

    [Fact]
    public void Delete_persists_task_deleted_or_waits_for_the_delete_under_way()
    {
        Assert.IsType<CommandVerdict.NotFound>(TaskDecider.Delete(TaskState.Empty, null, At(1)));
        Assert.Equal([new TaskDeleted(At(3))], Assert.IsType<CommandVerdict.Persist>(TaskDecider.Delete(Finished(TaskPhase.Succeeded), null, At(3))).Events);
        Assert.IsType<CommandVerdict.Unchanged>(TaskDecider.Delete(Running().Then(new TaskDeleted(At(2))), null, At(3)));
        Assert.IsType<CommandVerdict.Conflict>(TaskDecider.Delete(Running(), expectedResourceVersion: 7, At(3)));
    }

    // Admission

    [Fact]
    public void An_admission_starts_a_queued_task_and_is_ignored_or_given_back_otherwise()
    {
        var queued = TaskState.Empty.Apply(new TaskCreated(Id, Spec(), T0, Admitted: false));

        Assert.Equal([new TaskAdmitted(At(1))], Assert.IsType<AdmitVerdict.Start>(TaskDecider.Admit(queued, At(1))).Events);
        Assert.IsType<AdmitVerdict.AlreadyAdmitted>(TaskDecider.Admit(Running(), At(1)));
        Assert.IsType<AdmitVerdict.GiveBack>(TaskDecider.Admit(TaskState.Empty, At(1)));
        Assert.IsType<AdmitVerdict.GiveBack>(TaskDecider.Admit(Finished(TaskPhase.Succeeded), At(3)));
        Assert.IsType<AdmitVerdict.GiveBack>(TaskDecider.Admit(queued.Then(new TaskDeleted(At(1))), At(2)));
    }

    // Attempts

    [Fact]
    public void An_attempt_starts_only_when_admitted_nothing_is_open_and_the_task_is_pending_or_scheduled()
    {
        var queued = TaskState.Empty.Apply(new TaskCreated(Id, Spec(), T0, Admitted: false));
        var scheduled = Finished(TaskPhase.Failed, Spec(RestartPolicy.OnFailure)).Then(new RetryScheduled(0, 1000, At(3), RetryReason.Failure, At(2)));

        Assert.Equal(new AttemptStarted(1, At(1), "subprocess", "node-a"), TaskDecider.StartAttempt(New(), "subprocess", "node-a", At(1)));
        Assert.Equal(2, TaskDecider.StartAttempt(scheduled, "subprocess", "node-a", At(3))!.Attempt);
        Assert.Null(TaskDecider.StartAttempt(queued, "subprocess", "node-a", At(1)));
        Assert.Null(TaskDecider.StartAttempt(Running(), "subprocess", "node-a", At(1)));
        Assert.Null(TaskDecider.StartAttempt(Finished(TaskPhase.Succeeded), "subprocess", "node-a", At(3)));
        Assert.Null(TaskDecider.StartAttempt(Running().Then(new TaskCanceled("x", At(2)), new AttemptFinished(1, TaskPhase.Canceled, At(2))), "subprocess", "node-a", At(3)));
    }

    [Theory]
    [InlineData(AttemptResultKind.Succeeded, null, TaskPhase.Succeeded, null)]
    [InlineData(AttemptResultKind.Failed, null, TaskPhase.Failed, "exit code 3")]
    [InlineData(AttemptResultKind.Canceled, AttemptStopReason.Timeout, TaskPhase.Timeout, "timed out after 3600000 ms (killed)")]
    [InlineData(AttemptResultKind.Canceled, AttemptStopReason.Cancel, TaskPhase.Canceled, "killed")]
    [InlineData(AttemptResultKind.Canceled, AttemptStopReason.Shutdown, TaskPhase.Failed, AttemptFinished.InterruptedError)]
    public void The_runners_report_becomes_the_attempts_outcome(AttemptResultKind kind, AttemptStopReason? stoppedFor, TaskPhase outcome, string? error)
    {
        var result = new AttemptResult(kind, ExitCode: kind == AttemptResultKind.Failed ? 3 : null, Error: kind switch
        {
            AttemptResultKind.Failed => "exit code 3",
            AttemptResultKind.Canceled => "killed",
            _ => null,
        });

        var finished = Assert.IsType<AttemptFinished>(TaskDecider.AttemptEnded(Running(), 1, result, stoppedFor, At(5), Seeded)[0]);

        Assert.Equal((1, outcome, error, At(5)), (finished.Attempt, finished.Outcome, finished.Error, finished.At));
    }

    [Fact]
    public void An_attempts_end_is_followed_by_the_restart_decision_and_a_late_report_changes_nothing()
    {
        var running = New(Spec(RestartPolicy.OnFailure, backoff: NoJitter)).Then(new AttemptStarted(1, At(1)));

        var events = TaskDecider.AttemptEnded(running, 1, AttemptResult.Failure("boom"), null, At(2), Seeded);

        Assert.Equal(new RetryScheduled(0, 1000, At(3), RetryReason.Failure, At(2)), Assert.IsType<RetryScheduled>(events[1]));
        Assert.Empty(TaskDecider.AttemptEnded(running, 2, AttemptResult.Success, null, At(2), Seeded));
    }

    [Fact]
    public void An_attempt_found_open_at_recovery_ends_interrupted_and_canceled_if_the_task_was()
    {
        var interrupted = Assert.IsType<AttemptFinished>(TaskDecider.Interrupted(Running(), At(9), Seeded)[0]);
        var canceled = Assert.IsType<AttemptFinished>(TaskDecider.Interrupted(Running().Then(new TaskDeleted(At(2))), At(9), Seeded)[0]);

        Assert.Equal((TaskPhase.Failed, AttemptFinished.InterruptedError), (interrupted.Outcome, interrupted.Error));
        Assert.Equal((TaskPhase.Canceled, AttemptFinished.InterruptedError), (canceled.Outcome, canceled.Error));
        Assert.Empty(TaskDecider.Interrupted(Finished(TaskPhase.Succeeded), At(9), Seeded));
    }
}
