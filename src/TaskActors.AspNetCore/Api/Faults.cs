using Microsoft.AspNetCore.Http;

namespace TaskActors.AspNetCore.Api;

/// <summary>
/// The client's faults as problems: a node that does not answer in time, or has stopped, is 503 (try again later); a task
/// whose stored history is damaged before anything readable is 500 with type <c>damaged</c>, naming where.
/// </summary>
internal static class Faults
{
    public static async ValueTask<object?> AsProblems(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            context.HttpContext.Response.Headers.RetryAfter = "1";
            return Problems.Unavailable(e.Message);
        }
        catch (ObjectDisposedException e)
        {
            return Problems.Unavailable(e.Message);
        }
        catch (TaskActors.Client.TaskHistoryDamagedException e)
        {
            return Problems.Damaged(e.Message);
        }
    }
}
