using TaskActors.Model.Resources;

namespace TaskActors.Model.Tests.Resources;

public sealed class TaskPhaseSpec
{
    [Theory]
    [InlineData(TaskPhase.Pending, false)]
    [InlineData(TaskPhase.Running, false)]
    [InlineData(TaskPhase.Succeeded, true)]
    [InlineData(TaskPhase.Failed, true)]
    [InlineData(TaskPhase.Timeout, true)]
    [InlineData(TaskPhase.Canceled, true)]
    [InlineData(TaskPhase.Exhausted, true)]
    public void The_last_five_phases_are_terminal_and_the_first_two_are_active(TaskPhase phase, bool terminal)
    {
        Assert.Equal(terminal, phase.IsTerminal());
        Assert.Equal(!terminal, phase.IsActive());
    }

    [Theory]
    [InlineData(TaskPhase.Pending, false)]
    [InlineData(TaskPhase.Running, false)]
    [InlineData(TaskPhase.Succeeded, true)]
    [InlineData(TaskPhase.Failed, true)]
    [InlineData(TaskPhase.Timeout, true)]
    [InlineData(TaskPhase.Canceled, true)]
    [InlineData(TaskPhase.Exhausted, false)]
    public void Only_succeeded_failed_timeout_and_canceled_are_attempt_outcomes(TaskPhase phase, bool outcome)
    {
        Assert.Equal(outcome, phase.IsAttemptOutcome());
    }

    [Theory]
    [InlineData(TaskPhase.Pending, false)]
    [InlineData(TaskPhase.Running, false)]
    [InlineData(TaskPhase.Succeeded, false)]
    [InlineData(TaskPhase.Failed, true)]
    [InlineData(TaskPhase.Timeout, true)]
    [InlineData(TaskPhase.Canceled, false)]
    [InlineData(TaskPhase.Exhausted, false)]
    public void Only_failed_and_timeout_count_as_failures(TaskPhase phase, bool failure)
    {
        Assert.Equal(failure, phase.IsFailure());
    }

    [Theory]
    [InlineData(TaskPhase.Pending, "pending")]
    [InlineData(TaskPhase.Running, "running")]
    [InlineData(TaskPhase.Succeeded, "succeeded")]
    [InlineData(TaskPhase.Failed, "failed")]
    [InlineData(TaskPhase.Timeout, "timeout")]
    [InlineData(TaskPhase.Canceled, "canceled")]
    [InlineData(TaskPhase.Exhausted, "exhausted")]
    public void Wire_names_are_lowercase_and_parse_back(TaskPhase phase, string wireName)
    {
        Assert.Equal(wireName, phase.ToWireName());
        Assert.True(TaskPhaseExtensions.TryParse(wireName, out var parsed));
        Assert.Equal(phase, parsed);
    }

    [Fact]
    public void All_lists_the_seven_phases_in_declaration_order()
    {
        Assert.Equal(
            [TaskPhase.Pending, TaskPhase.Running, TaskPhase.Succeeded, TaskPhase.Failed, TaskPhase.Timeout, TaskPhase.Canceled, TaskPhase.Exhausted],
            TaskPhaseExtensions.All);
        Assert.Equal("pending, running, succeeded, failed, timeout, canceled, exhausted", TaskPhaseExtensions.AllowedNames);
    }

    [Theory]
    [InlineData("  running ", TaskPhase.Running)]
    [InlineData("RUNNING", TaskPhase.Running)]
    [InlineData("\tTimeOut\n", TaskPhase.Timeout)]
    [InlineData("Exhausted", TaskPhase.Exhausted)]
    [InlineData(" cAnCeLeD", TaskPhase.Canceled)]
    public void Parsing_trims_and_ignores_case(string text, TaskPhase expected)
    {
        Assert.True(TaskPhaseExtensions.TryParse(text, out var phase));
        Assert.Equal(expected, phase);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("runnning")]
    [InlineData("done")]
    [InlineData("cancelled")]
    [InlineData("run ning")]
    [InlineData("1")]
    [InlineData("0")]
    [InlineData("Pending,Running")]
    public void Unknown_phase_names_are_rejected(string? text)
    {
        Assert.False(TaskPhaseExtensions.TryParse(text, out var phase));
        Assert.Equal(default, phase);
    }
}
