using Akka.Actor;
using Akka.Persistence.Query;
using TaskActors.Model.Common;
using TaskActors.Model.Identity;
using static TaskActors.Queries.QueryProtocol;

namespace TaskActors.Queries;

/// <summary>Watches: registration, the fan-out of each change to the watches that want it, and unwatch.</summary>
internal sealed partial class TaskIndex
{
    private void HandleWatches()
    {
        Receive<WatchTasks>(OnWatch);
        Receive<Unwatch>(OnUnwatch);
        Receive<Terminated>(terminated => Unregister(terminated.ActorRef));
    }

    private void OnWatch(WatchTasks watch)
    {
        if (!_rebuilt)
        {
            Stash.Stash();
            return;
        }

        var errors = Validate(watch);
        if (errors.Count > 0)
        {
            Sender.Tell(new QueryInvalid(errors));
            return;
        }

        var entry = watch.Id is { } id ? _table.Find(id) : null;
        var replayTo = entry?.EmittedVersion ?? 0;
        var endReason = entry is { Closed: true } ? $"task {watch.Id} was deleted; its history is gone" : null;
        var replay = endReason is null && watch.FromResourceVersion is { } from && from < replayTo;
        var plan = new WatchSession.Plan(watch.Subscriber, watch.Id, watch.FromResourceVersion, replayTo, replay, endReason);
        var session = Context.ActorOf(
            WatchSession.Props(plan, _settings, (IEventsByPersistenceIdQuery)_journal),
            "watch-" + (++_watchCounter).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (endReason is null)
        {
            Register(new WatchRegistration(session, watch.Subscriber, watch.Id, watch.Filter));
        }

        Sender.Tell(new WatchStarted(session));
    }

    private static List<FieldError> Validate(WatchTasks watch)
    {
        var errors = new List<FieldError>();
        if (watch.Subscriber is null || watch.Subscriber.IsNobody())
        {
            errors.Add(new FieldError("watch.subscriber", "is missing", "the actor that receives the changes"));
        }

        if (watch.Id is { } id && id.Validate("watch.id") is { } idError)
        {
            errors.Add(idError);
        }

        if (watch.Filter is not null)
        {
            errors.AddRange(watch.Filter.Validate());
        }

        if (watch.FromResourceVersion is { } from)
        {
            if (watch.Id is null)
            {
                errors.Add(new FieldError("watch.fromResourceVersion", "needs watch.id: changes are replayed per task", "omit it, or give the task's id"));
            }

            if (from < 0)
            {
                errors.Add(new FieldError("watch.fromResourceVersion", $"must not be negative, got {from}", "0 or a resourceVersion seen before"));
            }
        }

        return errors;
    }

    private void Register(WatchRegistration registration)
    {
        Context.Watch(registration.Session);
        _watches.Add(registration.Session, registration);
        if (registration.Id is { } id)
        {
            if (!_watchesByTask.TryGetValue(id, out var forTask))
            {
                forTask = [];
                _watchesByTask.Add(id, forTask);
            }

            forTask.Add(registration);
        }
        else
        {
            _watchesOfAll.Add(registration);
        }
    }

    private void Unregister(IActorRef session)
    {
        if (!_watches.Remove(session, out var registration))
        {
            return;
        }

        if (registration.Id is { } id && _watchesByTask.TryGetValue(id, out var forTask))
        {
            forTask.Remove(registration);
            if (forTask.Count == 0)
            {
                _watchesByTask.Remove(id);
            }
        }
        else
        {
            _watchesOfAll.Remove(registration);
        }
    }

    private void OnUnwatch(Unwatch unwatch)
    {
        if (!_rebuilt)
        {
            Stash.Stash();
            return;
        }

        foreach (var registration in _watches.Values.Where(r => r.Subscriber.Equals(unwatch.Subscriber)).ToList())
        {
            registration.Session.Tell(new WatchSession.End("unwatched"));
            Unregister(registration.Session);
        }
    }

    private void EndWatchesOf(TaskId id, string reason)
    {
        if (_watchesByTask.TryGetValue(id, out var forTask))
        {
            foreach (var registration in forTask.ToList())
            {
                registration.Session.Tell(new WatchSession.End(reason));
                Unregister(registration.Session);
            }
        }
    }

    /// <summary>Hands the changes the table emitted to the watches that want them: one message per watch per index message.</summary>
    private void Publish()
    {
        if (_emitted.Count == 0)
        {
            return;
        }

        foreach (var emission in _emitted)
        {
            if (_watchesByTask.TryGetValue(emission.Change.Task.Id, out var forTask))
            {
                foreach (var registration in forTask)
                {
                    registration.Offer(emission);
                }
            }

            foreach (var registration in _watchesOfAll)
            {
                registration.Offer(emission);
            }
        }

        _emitted.Clear();
        foreach (var registration in _watches.Values)
        {
            registration.Flush(Self);
        }
    }
}
