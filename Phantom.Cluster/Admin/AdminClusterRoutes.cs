using System.Globalization;
using Microsoft.AspNetCore.Http;
using Phantom.Cluster.Http;
using Phantom.Cluster.Membership;

namespace Phantom.Cluster.Admin;

/// <summary>
/// The cluster part of the admin API (docs/ADMIN-API.md), behind the API key: <c>/admin/cluster</c>,
/// <c>/admin/cluster/events</c>, <c>/admin/cluster/leave/{node}</c>, <c>/admin/cluster/down/{node}</c>,
/// <c>/admin/shards</c>, <c>/admin/shards/where/{sessionId}</c> and <c>/admin/sessions/{sessionId}</c>. Cluster
/// state is read from the shared registry, so any node answers for all; a session is answered by the node hosting
/// its shard, forwarded one hop when that is another node.
/// </summary>
public sealed class AdminClusterRoutes
{
    /// <summary>Default and largest page of <c>/admin/cluster/events</c>.</summary>
    public const int DefaultEventLimit = 100;

    public const int MaxEventLimit = 1000;

    private readonly ClusterMember _member;
    private readonly SessionStateReader _sessions;
    private readonly QueryForwarder _forwarder;

    private AdminClusterRoutes(ClusterMember member, SessionStateReader sessions, QueryForwarder forwarder)
    {
        _member = member;
        _sessions = sessions;
        _forwarder = forwarder;
    }

    /// <summary>Maps the routes on <paramref name="http"/> (before it starts).</summary>
    public static void Map(PhantomHttpHost http, ClusterMember member, SessionStateReader sessions, QueryForwarder forwarder)
    {
        ArgumentNullException.ThrowIfNull(http);
        var routes = new AdminClusterRoutes(
            member ?? throw new ArgumentNullException(nameof(member)),
            sessions ?? throw new ArgumentNullException(nameof(sessions)),
            forwarder ?? throw new ArgumentNullException(nameof(forwarder)));
        http.MapGuarded("GET", "/admin/cluster", (Func<CancellationToken, Task<IResult>>)routes.ClusterAsync);
        http.MapGuarded("GET", "/admin/cluster/events", (Func<HttpContext, Task<IResult>>)routes.EventsAsync);
        http.MapGuarded("POST", "/admin/cluster/leave/{node}", (Func<HttpContext, string, Task<IResult>>)routes.LeaveAsync);
        http.MapGuarded("POST", "/admin/cluster/down/{node}", (Func<string, CancellationToken, Task<IResult>>)routes.DownAsync);
        http.MapGuarded("GET", "/admin/shards", (Func<CancellationToken, Task<IResult>>)routes.ShardsAsync);
        http.MapGuarded("GET", "/admin/shards/where/{sessionId}", (Func<string, CancellationToken, Task<IResult>>)routes.WhereAsync);
        http.MapGuarded("GET", "/admin/sessions/{sessionId}", (Func<HttpContext, string, Task<IResult>>)routes.SessionAsync);
    }

    private string Self => _member.Id;

    private async Task<IResult> ClusterAsync(CancellationToken cancellationToken)
    {
        var nodes = await _member.Registry.NodesAsync(cancellationToken).ConfigureAwait(false);
        return Results.Json(new Dictionary<string, object?>
        {
            ["self"] = Self,
            ["cluster"] = _member.ClusterName,
            ["nodes"] = nodes.Select(AdminClusterJson.Node).ToArray(),
        });
    }

    private async Task<IResult> EventsAsync(HttpContext context)
    {
        if (!TryQuery(context.Request, "after", 0, 0, long.MaxValue, out var after, out var error)
            || !TryQuery(context.Request, "limit", DefaultEventLimit, 1, MaxEventLimit, out var limit, out error))
        {
            return AdminClusterErrors.Error(StatusCodes.Status422UnprocessableEntity, error!, Self);
        }

        var events = await _member.Registry.EventsAsync(after, (int)limit, context.RequestAborted).ConfigureAwait(false);
        return Results.Json(new Dictionary<string, object?>
        {
            ["events"] = events.Select(AdminClusterJson.Event).ToArray(),
            ["last"] = events.Count > 0 ? events[^1].Seq : after,
        });
    }

    private async Task<IResult> LeaveAsync(HttpContext context, string node)
    {
        if (node == Self)
        {
            // Answered before the drain starts: the node keeps serving until its shards are handed off, then exits.
            var started = await _member.LeaveAsync($"asked through {context.Connection.RemoteIpAddress}", context.RequestAborted).ConfigureAwait(false);
            return Results.Json(
                new Dictionary<string, object?> { ["node"] = Self, ["status"] = MemberStatus.Leaving, ["already"] = !started },
                statusCode: StatusCodes.Status202Accepted);
        }

        var nodes = await _member.Registry.NodesAsync(context.RequestAborted).ConfigureAwait(false);
        var target = nodes.FirstOrDefault(n => n.Id == node);
        if (target is null)
        {
            return AdminClusterErrors.Error(StatusCodes.Status404NotFound, $"unknown node '{node}'", Self);
        }

        if (!MemberStatus.IsLive(target.Status) || QueryForwarder.IsForwarded(context.Request))
        {
            return AdminClusterErrors.Error(StatusCodes.Status409Conflict, $"node '{node}' is {target.Status}: only a live node can leave (use cluster down for an unreachable one)", Self);
        }

        return await _forwarder.TryForwardAsync(context, target).ConfigureAwait(false)
            ? Results.Empty
            : AdminClusterErrors.Error(StatusCodes.Status502BadGateway, $"node '{node}' at {target.Address} could not be reached", Self);
    }

    private async Task<IResult> DownAsync(string node, CancellationToken cancellationToken)
    {
        var outcome = await _member.Registry.DownAsync(node, DateTimeOffset.UtcNow - _member.UnreachableAfter, Self, cancellationToken).ConfigureAwait(false);
        return outcome switch
        {
            DownOutcome.Downed => Results.Json(new Dictionary<string, object?> { ["node"] = node, ["status"] = MemberStatus.Down }),
            DownOutcome.NotFound => AdminClusterErrors.Error(StatusCodes.Status404NotFound, $"unknown node '{node}'", Self),
            DownOutcome.AlreadyGone => AdminClusterErrors.Error(StatusCodes.Status409Conflict, $"node '{node}' is already removed or down", Self),
            _ => AdminClusterErrors.Error(StatusCodes.Status409Conflict, $"node '{node}' is still heartbeating: ask it to leave instead", Self),
        };
    }

    private async Task<IResult> ShardsAsync(CancellationToken cancellationToken)
    {
        var nodes = await _member.Registry.NodesAsync(cancellationToken).ConfigureAwait(false);
        return Results.Json(new Dictionary<string, object?>
        {
            ["nodes"] = nodes.Where(n => !MemberStatus.IsGone(n.Status)).Select(n => new Dictionary<string, object?>
            {
                ["node"] = n.Id,
                ["shards"] = n.Shards,
                ["entities"] = n.Entities,
                ["lag"] = n.Lag,
                ["events_per_second"] = n.EventsPerSecond,
            }).ToArray(),
        });
    }

    private async Task<IResult> WhereAsync(string sessionId, CancellationToken cancellationToken)
    {
        var shard = _member.ShardOf(sessionId);
        string? node = null, address = null;
        if (_member.Hosts(shard))
        {
            (node, address) = (Self, _member.Address);
        }
        else if (_member.OwnerOf(shard, await _member.Registry.NodesAsync(cancellationToken).ConfigureAwait(false)) is { } owner)
        {
            (node, address) = (owner.Id, owner.Address);
        }

        return Results.Json(new Dictionary<string, object?>
        {
            ["session_id"] = sessionId,
            ["shard"] = shard,
            ["node"] = node,
            ["address"] = address,
        });
    }

    private async Task<IResult> SessionAsync(HttpContext context, string sessionId)
    {
        var shard = _member.ShardOf(sessionId);
        if (_member.Hosts(shard) || QueryForwarder.IsForwarded(context.Request))
        {
            Dictionary<string, object?>? state;
            try
            {
                state = await _sessions.ReadAsync(sessionId, shard, Self, context.RequestAborted).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return AdminClusterErrors.Error(StatusCodes.Status503ServiceUnavailable, $"shard {shard} did not answer in time", Self);
            }

            return state is null
                ? AdminClusterErrors.Error(StatusCodes.Status404NotFound, $"unknown session '{sessionId}': not live on shard {shard}", Self)
                : Results.Json(state);
        }

        var owner = _member.OwnerOf(shard, await _member.Registry.NodesAsync(context.RequestAborted).ConfigureAwait(false));
        if (owner is null)
        {
            return AdminClusterErrors.Error(StatusCodes.Status404NotFound, $"unknown session '{sessionId}': no node hosts shard {shard}", Self);
        }

        return await _forwarder.TryForwardAsync(context, owner).ConfigureAwait(false)
            ? Results.Empty
            : AdminClusterErrors.Error(StatusCodes.Status502BadGateway, $"node '{owner.Id}' at {owner.Address}, owner of shard {shard}, could not be reached", Self);
    }

    private static bool TryQuery(HttpRequest request, string name, long fallback, long min, long max, out long value, out string? error)
    {
        error = null;
        var text = request.Query[name].ToString();
        if (text.Length == 0)
        {
            value = fallback;
            return true;
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) || value < min || value > max)
        {
            error = $"query parameter '{name}' = '{text}' must be an integer from {min} to {max}";
            return false;
        }

        return true;
    }
}
