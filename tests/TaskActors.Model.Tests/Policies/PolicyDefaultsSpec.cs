using TaskActors.Model.Policies;

namespace TaskActors.Model.Tests.Policies;

public sealed class PolicyDefaultsSpec
{
    [Fact]
    public void The_default_backoff_is_full_jitter_from_one_second_doubling_to_thirty()
    {
        Assert.Equal(new BackoffPolicy(JitterPolicy.Full, 1000, 30_000, 2.0), PolicyDefaults.Backoff);
        Assert.Equal(PolicyDefaults.Backoff, BackoffPolicy.Default);
        Assert.Equal(JitterPolicy.Full, PolicyDefaults.Jitter);
        Assert.Equal(1000, PolicyDefaults.BackoffFirstMs);
        Assert.Equal(30_000, PolicyDefaults.BackoffMaxMs);
        Assert.Equal(2.0, PolicyDefaults.BackoffFactor);
    }

    [Fact]
    public void The_default_timeout_is_one_hour()
    {
        Assert.Equal(3_600_000, PolicyDefaults.TimeoutMs);
    }

    [Fact]
    public void The_default_admission_drops_when_the_slot_is_busy()
    {
        Assert.Equal(AdmissionPolicy.DropIfRunning, PolicyDefaults.Admission);
    }

    [Fact]
    public void The_default_restart_is_never()
    {
        Assert.Equal(RestartPolicy.Never, PolicyDefaults.Restart);
    }
}
