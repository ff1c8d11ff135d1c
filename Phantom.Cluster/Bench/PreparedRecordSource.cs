using Phantom.Streams.Flow;

namespace Phantom.Cluster.Bench;

/// <summary>Writes prepared records into a pipeline as fast as it takes them (the benchmark's source).</summary>
internal sealed class PreparedRecordSource(PreparedRecords records) : IFlowSource
{
    public string Name => "prepared";

    public async Task RunAsync(PipelineWriter writer, CancellationToken cancellationToken)
    {
        writer.RecordsPerClockRead = 8; // records come from memory back to back: no idle gap to misattribute
        for (var i = 0; i < records.Count; i++)
        {
            while (!writer.TryWrite(records.Keys[i], records.Record(i), i))
            {
                await writer.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
