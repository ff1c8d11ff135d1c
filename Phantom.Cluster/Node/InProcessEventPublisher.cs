using System.Threading.Channels;
using Phantom.Cluster.Http;
using Phantom.Streams.Events;
using Phantom.Streams.Flow;
using Phantom.Streams.Ingest;

namespace Phantom.Cluster.Node;

/// <summary>
/// The embedded mode's <see cref="IEventPublisher"/>: records published to <c>user-interactions</c> go straight into
/// the local pipeline. It is also the <see cref="IFlowSource"/> that writes them: publishers (HTTP threads, any
/// number) put records on a bounded queue, and one source loop owns the single-threaded <see cref="PipelineWriter"/>,
/// batching what has queued up and flushing whenever the queue runs dry, so an ingested event never waits for a batch
/// to fill. A full queue makes publishers wait (backpressure reaches the HTTP client, nothing is dropped).
/// <para>
/// <c>price-logs</c> have no consumer in an embedded node (no stage reads them): they are counted in
/// <see cref="PriceLogs"/> and not kept. Records accepted before a stop are still written during the drain.
/// </para>
/// </summary>
public sealed class InProcessEventPublisher : IEventPublisher, IFlowSource
{
    private readonly Channel<(ulong Key, byte[] Value)> _queue;
    private long _published;
    private long _written;
    private long _priceLogs;

    /// <param name="capacity">Records the queue holds before publishers wait.</param>
    private readonly IngestTopics _topics;

    /// <param name="topics">The names the ingest API publishes under (<see cref="IngestTopics.Default"/> when null).</param>
    public InProcessEventPublisher(int capacity = 8192, IngestTopics? topics = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _topics = topics ?? IngestTopics.Default;
        _queue = Channel.CreateBounded<(ulong, byte[])>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    public string Name => "ingest-api";

    /// <summary>Interaction records accepted so far.</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>Interaction records handed to the pipeline so far.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Price logs received (embedded nodes count them only).</summary>
    public long PriceLogs => Interlocked.Read(ref _priceLogs);

    /// <summary>Records accepted and not yet in the pipeline.</summary>
    public long Pending => Published - Written;

    /// <exception cref="InvalidOperationException">The node is stopping and takes no more records.</exception>
    /// <exception cref="ArgumentException">A topic this publisher does not serve.</exception>
    public async ValueTask PublishAsync(string topic, ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        if (topic == _topics.Interactions)
        {
            try
            {
                // Copied: the caller may reuse its buffer once the task completes.
                await _queue.Writer.WriteAsync((Utf8Hash.Of(key.Span), value.ToArray()), cancellationToken).ConfigureAwait(false);
            }
            catch (ChannelClosedException)
            {
                throw new InvalidOperationException("the node is stopping and takes no more events");
            }

            Interlocked.Increment(ref _published);
        }
        else if (topic == _topics.PriceLogs)
        {
            Interlocked.Increment(ref _priceLogs);
        }
        else
        {
            throw new ArgumentException($"topic '{topic}' is not served in embedded mode (known: {_topics.Interactions}, {_topics.PriceLogs})", nameof(topic));
        }
    }

    public async Task RunAsync(PipelineWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                await DrainQueuedAsync(writer, CancellationToken.None).ConfigureAwait(false);
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: below, the records already acknowledged to clients still go in.
        }

        _queue.Writer.TryComplete();
        await DrainQueuedAsync(writer, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task DrainQueuedAsync(PipelineWriter writer, CancellationToken cancellationToken)
    {
        while (_queue.Reader.TryRead(out var record))
        {
            var offset = Interlocked.Read(ref _written);
            while (!writer.TryWrite(record.Key, record.Value, offset))
            {
                await writer.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
            }

            Interlocked.Increment(ref _written);
        }
    }
}
