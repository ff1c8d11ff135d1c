namespace Phantom.Streams.Flow;

/// <summary>
/// Something that feeds records into a pipeline (a file, Kafka, the generator, memory). It writes through the
/// <see cref="PipelineWriter"/> it is given, waits when the writer refuses (backpressure), and returns when it runs out
/// of records or <paramref name="cancellationToken"/> fires (the kill switch). The pipeline flushes the writer after
/// the source returns, so a source need not flush at its end; it should flush when it goes idle (e.g. a tailing source
/// with nothing new), so records never sit in a partial batch.
/// </summary>
public interface IFlowSource
{
    /// <summary>A short label for diagnostics (e.g. the file name).</summary>
    string Name { get; }

    Task RunAsync(PipelineWriter writer, CancellationToken cancellationToken);
}
