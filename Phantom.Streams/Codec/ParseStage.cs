using Phantom.Streams.Flow;

namespace Phantom.Streams.Codec;

/// <summary>
/// The <c>parse</c> stage: turns <see cref="EventContext.Record"/> into <see cref="EventContext.Event"/>. A bad record
/// gets its <see cref="EventContext.Rejection"/> (the flow runtime dead-letters and counts it); an admin page is
/// marked <see cref="EventContext.Done"/>, since the model ignores those pages and they are not errors.
/// </summary>
/// <remarks>
/// Events without <c>ts</c> take the ingest time. The clock is read once per batch, at the batch's first record,
/// rather than per event: the events of a batch arrived together, and a clock read per event would cost more than
/// the precision is worth.
/// </remarks>
public sealed class ParseStage : IFlowStage
{
    /// <summary>The registry name of this stage.</summary>
    public const string StageName = "parse";

    private readonly InteractionEventParser _parser;
    private readonly TimeProvider _clock;
    private long _batchIngestMs;
    private bool _clockRead;

    public ParseStage(InteractionEventParser parser, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(parser);
        _parser = parser;
        _clock = clock ?? TimeProvider.System;
    }

    public string Name => StageName;

    /// <summary>The <see cref="FlowStageFactory"/> for <c>parse</c>: one parser per shard, over the shared catalog.</summary>
    public static IFlowStage Create(ShardContext shard)
    {
        ArgumentNullException.ThrowIfNull(shard);
        return new ParseStage(new InteractionEventParser(shard.Services.Options.Codec, shard.Services.Catalog));
    }

    public void Process(ref EventContext context)
    {
        if (context.Stopped)
        {
            return;
        }

        if (!_clockRead)
        {
            _batchIngestMs = _clock.GetUtcNow().ToUnixTimeMilliseconds();
            _clockRead = true;
        }

        if (!_parser.TryParse(context.Record, _batchIngestMs, out context.Event, out var reason))
        {
            context.Rejection = reason;
            return;
        }

        if (context.Event.IsAdminPage)
        {
            context.Done = true;
        }
    }

    public void EndBatch() => _clockRead = false;
}
