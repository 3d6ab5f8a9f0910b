using OpenQA.Selenium;
using TaskActors.Client;
using TaskActors.Model.Policies;
using TaskActors.Model.Resources;
using TaskActors.Model.Specs;
using TaskActors.Model.Workloads;

namespace TaskActors.AspNetCore.Tests;

/// <summary>The dashboard in headless Chromium: live list, a task's attempts, cancel from its page.</summary>
public sealed class DashboardSpec
{
    [Fact]
    public async Task The_dashboard_shows_tasks_change_live_shows_both_attempts_and_cancels_a_task_from_its_page()
    {
        await using var web = await WebApp.StartAsync();
        await SeedAsync(web);
        using var browser = new Browser();
        var driver = browser.Driver;

        // The list, live: a failing-then-succeeding task submitted through the API appears and changes phase without reload.
        driver.Navigate().GoToUrl(new Uri(web.Url, "taskactors/"));
        browser.Until(d => d.FindElement(By.Id("live-status")).Text == "live", "the list's watch is live");
        var marker = driver.ExecuteScript("window.notReloaded = true; return window.notReloaded;");
        var spec = TaskSpec.Builder("invoices", HandlerWorkload.Create("flaky", new { failures = 1 }))
            .Restart(RestartPolicy.OnFailure).Backoff(new BackoffPolicy(JitterPolicy.None, 1500, 1500, 1)).Label("team", "finance").Build();
        Assert.IsType<SubmitResult.Accepted>(await web.Client.SubmitAsync(spec, "invoice-1042"));
        var phases = new List<string>();
        browser.Until(d =>
        {
            var phase = d.FindElement(By.CssSelector("#task-table tr[data-id='invoice-1042'] .phase-cell")).Text;
            if (phases.Count == 0 || phases[^1] != phase)
            {
                phases.Add(phase);
            }

            return phase == "failed";
        }, "invoice-1042 shows failed (waiting for its retry)");
        browser.Screenshot("dashboard-list");
        browser.Until(d => d.FindElement(By.CssSelector("#task-table tr[data-id='invoice-1042'] .phase-cell")).Text == "succeeded", "invoice-1042 shows succeeded");
        Assert.Equal(true, marker);
        Assert.Equal(true, driver.ExecuteScript("return window.notReloaded === true;"));

        // Its page: both attempts.
        driver.FindElement(By.CssSelector("#task-table tr[data-id='invoice-1042'] a")).Click();
        browser.Until(d => d.FindElements(By.CssSelector("#attempts .attempt")).Count == 2, "two attempts on the task page");
        var attempts = driver.FindElements(By.CssSelector("#attempts .attempt"));
        Assert.Contains("failed", attempts[1].Text);       // newest first
        Assert.Contains("flaky failure 1", attempts[1].Text);
        Assert.Contains("succeeded", attempts[0].Text);
        Assert.Equal(2, driver.FindElements(By.CssSelector("#timeline .bar")).Count);
        browser.Screenshot("dashboard-task");

        // Another task, canceled from its page (the button sends If-Match with the version shown).
        Assert.IsType<SubmitResult.Accepted>(await web.Client.SubmitAsync(TaskSpec.Builder("reports", HandlerWorkload.Create("wait")).Build(), "nightly-report"));
        await web.WaitForAsync("nightly-report", t => t.Phase == TaskPhase.Running);
        driver.Navigate().GoToUrl(new Uri(web.Url, "taskactors/#/tasks/nightly-report"));
        browser.Until(d => d.FindElement(By.Id("live-status")).Text == "live" && d.FindElement(By.Id("task-phase")).Text == "running", "nightly-report running, live");
        driver.FindElement(By.Id("cancel-button")).Click();
        browser.Until(d => d.FindElement(By.Id("task-phase")).Text == "canceled", "nightly-report canceled on its page");
        Assert.Equal(TaskPhase.Canceled, Assert.IsType<GetResult.Found>(await web.Client.GetAsync("nightly-report")).Task.Phase);
    }

    /// <summary>A few finished tasks so the list (and its screenshot) shows the usual mix.</summary>
    private static async Task SeedAsync(WebApp web)
    {
        foreach (var (id, handler, slot) in new[] { ("backup-db", "ok", "maintenance"), ("export-ledger", "ok", "exports"), ("sync-crm", "flaky", "sync") })
        {
            var spec = TaskSpec.Builder(slot, HandlerWorkload.Create(handler, new { failures = 5 })).Label("team", "ops").Build();
            await web.Client.SubmitAsync(spec, id);
            await web.WaitForAsync(id, t => t.IsSettled);
        }
    }
}
