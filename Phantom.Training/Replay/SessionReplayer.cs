using System.Diagnostics;
using System.Runtime.InteropServices;
using Phantom.Streams.Catalog;
using Phantom.Streams.Codec;
using Phantom.Streams.Configuration;
using Phantom.Streams.Events;
using Phantom.Streams.Sessions;

namespace Phantom.Training.Replay;

/// <summary>
/// Rebuilds sessions from stored events with exactly the live code: the codec's <see cref="InteractionEventParser"/>
/// turns each record into an event, admin pages and rejected records drop out as the parse stage drops them, and
/// <see cref="SessionTable"/>/<see cref="SessionEntity"/> fold the events, passivate idle sessions and complete them.
/// There is no second feature implementation: every feature comes from <see cref="SessionEntity.Snapshot"/> of the
/// completed entity, so what a model trains on is what the live path will show it. Single-threaded and deterministic.
/// </summary>
public sealed class SessionReplayer
{
    private readonly PhantomOptions _options;
    private readonly ReplayOptions _replay;

    public SessionReplayer(PhantomOptions options, ReplayOptions? replay = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        replay ??= new ReplayOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(replay.Partitions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(replay.ProgressEvery, 1);
        if (replay.Since is { } since && replay.Until is { } until && until <= since)
        {
            throw new ArgumentException($"--until ({until:O}) must be after --since ({since:O})");
        }

        _options = options;
        _replay = replay;
        Model = SessionModel.From(options);
    }

    /// <summary>The session model every entity computes with (the configuration's, as the live runtime builds it).</summary>
    public SessionModel Model { get; }

    /// <summary>Replays <paramref name="source"/> and hands every finished session to <paramref name="onSession"/>, in finishing order.</summary>
    public ReplayStatistics Run(IReplaySource source, Action<ReplayedSession> onSession, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(onSession);
        var run = new ReplayPass(this, onSession);
        var clock = Stopwatch.StartNew();
        var stats = run.Statistics;
        var progressEvery = _replay.ProgressEvery;
        foreach (var record in source.Read(cancellationToken))
        {
            run.Process(record);
            if (stats.Records % progressEvery == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                _replay.Progress?.Invoke(new ReplayProgress(stats.Records, stats.Events, stats.Sessions, clock.Elapsed));
            }
        }

        run.Finish();
        stats.Elapsed = clock.Elapsed;
        _replay.Progress?.Invoke(new ReplayProgress(stats.Records, stats.Events, stats.Sessions, clock.Elapsed));
        return stats;
    }

    /// <summary>Replays into a list (tests and small sources).</summary>
    public IReadOnlyList<ReplayedSession> ReplayAll(IReplaySource source, out ReplayStatistics statistics)
    {
        var sessions = new List<ReplayedSession>();
        statistics = Run(source, sessions.Add);
        return sessions;
    }

    /// <summary>One pass over a source: the tables, the parser and what is kept beside each live session.</summary>
    private sealed class ReplayPass : ISessionObserver
    {
        private readonly Action<ReplayedSession> _onSession;
        private readonly InteractionEventParser _parser;
        private readonly SessionTable[] _tables;
        private readonly ExperimentLabels? _labels;
        private readonly bool _keepStates;
        private readonly bool _sideState;
        private readonly EventName? _mark;
        private readonly long _sinceMs;
        private readonly long _untilMs;

        // Per live session, only when labels or trajectories are asked for; removed when the entity passivates, so a
        // session id that comes back after an idle gap starts afresh, as its new entity does.
        private readonly Dictionary<ulong, SessionSide> _sides = [];

        public ReplayPass(SessionReplayer owner, Action<ReplayedSession> onSession)
        {
            _onSession = onSession;
            var options = owner._options;
            _parser = new InteractionEventParser(options.Codec, new ProductCatalog(options.Catalog));
            _tables = new SessionTable[owner._replay.Partitions];
            for (var i = 0; i < _tables.Length; i++)
            {
                _tables[i] = new SessionTable(owner.Model, this);
            }

            _labels = owner._replay.Labels;
            _keepStates = owner._replay.KeepTrajectories;
            _mark = owner._replay.SnapshotAfterFirst;
            _sideState = _keepStates || _labels is not null || _mark is not null;
            _sinceMs = owner._replay.Since?.ToUnixTimeMilliseconds() ?? long.MinValue;
            _untilMs = owner._replay.Until?.ToUnixTimeMilliseconds() ?? long.MaxValue;
        }

        public ReplayStatistics Statistics { get; } = new();

        public void Process(in ReplayRecord record)
        {
            var stats = Statistics;
            stats.Records++;
            var payload = record.Payload.Span;
            if (!_parser.TryParse(payload, record.IngestTimeMs, out var e, out _))
            {
                stats.Rejected++;
                return;
            }

            if (e.IsAdminPage)
            {
                stats.Ignored++;
                return;
            }

            if (e.TimestampMs < _sinceMs || e.TimestampMs >= _untilMs)
            {
                stats.OutOfRange++;
                return;
            }

            SessionSide? side = null;
            if (_sideState)
            {
                // Before the table applies the event: applying may passivate this very entity (an event far behind
                // the watermark), and its side state must be complete by then.
                ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_sides, e.SessionKey, out _);
                side = slot ??= new SessionSide();
                if (_labels is not null && side.Label == GroundTruth.Unknown)
                {
                    side.Label = _labels.Lookup(e.ExperimentId.In(payload));
                }

                if (_keepStates)
                {
                    if (side.States.Count == 0 && e.Name != EventName.SessionStart)
                    {
                        side.States.Add(EventName.SessionStart);
                    }

                    side.States.Add(e.Name);
                }
            }

            var table = _tables.Length == 1 ? _tables[0] : _tables[Utf8Hash.Partition(e.SessionKey, _tables.Length)];
            var entity = table.Apply(in e, payload);
            if (side is not null && e.Name == _mark && side.Marked is null)
            {
                side.Marked = entity.Snapshot();
            }

            stats.Events++;
            stats.FirstEventMs = Math.Min(stats.FirstEventMs ?? long.MaxValue, e.TimestampMs);
            stats.LastEventMs = Math.Max(stats.LastEventMs ?? long.MinValue, e.TimestampMs);
        }

        public void Finish()
        {
            foreach (var table in _tables)
            {
                table.PassivateAll();
            }
        }

        /// <summary>Called by a table, synchronously, when it completes and drops an entity.</summary>
        public void OnPassivated(SessionEntity session)
        {
            var label = session.Truth;
            IReadOnlyList<EventName>? states = null;
            SessionFeatures? marked = null;
            if (_sideState && _sides.Remove(session.Key, out var side))
            {
                marked = side.Marked;
                if (side.Label != GroundTruth.Unknown)
                {
                    label = side.Label;
                }

                if (_keepStates)
                {
                    side.States.Add(EventName.SessionEnd);
                    states = side.States;
                }
            }

            var stats = Statistics;
            stats.Sessions++;
            if (label == GroundTruth.Human)
            {
                stats.HumanSessions++;
            }
            else if (label == GroundTruth.Agent)
            {
                stats.AgentSessions++;
            }

            _onSession(new ReplayedSession(session.SessionId, label, session.Snapshot(), session.Sequence, session.LastEventMs, states, marked));
        }
    }

    private sealed class SessionSide
    {
        public GroundTruth Label;

        public SessionFeatures? Marked;

        public List<EventName> States { get; } = [];
    }
}
