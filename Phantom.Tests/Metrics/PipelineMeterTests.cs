using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Phantom.Streams.Flow;
using Phantom.Streams.Metrics;
using Phantom.Tests.Flow;

namespace Phantom.Tests.Metrics;

public class PipelineMeterTests
{
    [Fact]
    public async Task Meter_AfterRun_ObservableInstrumentsReportTheAggregatedCounters()
    {
        var fixture = new PipelineFixture(2, "reject-thirds");
        fixture.Registry.Register("reject-thirds", _ => new LambdaStage("reject-thirds", (ref EventContext c) =>
        {
            if (TestPayload.Decode(c.Record).Sequence % 3 == 0)
            {
                c.Rejection = RejectReason.BadTimestamp;
            }
        }));
        await using var pipeline = fixture.Build();
        pipeline.Start();
        var writer = pipeline.CreateWriter();
        for (var i = 0; i < 90; i++)
        {
            await writer.WriteAsync(TestPayload.KeyOf((ulong)(i % 4)), TestPayload.Encode((ulong)(i % 4), i), i);
        }

        Assert.True(await pipeline.ShutdownAsync());

        var measured = new ConcurrentDictionary<string, double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, pipeline.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var key = instrument.Name + (tags.Length > 0 ? "|" + tags[0].Value : "");
            measured.AddOrUpdate(key, value, (_, old) => old + value);
        });
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => measured[instrument.Name] = value);
        listener.Start();
        listener.RecordObservableInstruments();

        Assert.Equal(PipelineMeter.MeterName, pipeline.Meter.Name);
        Assert.Equal(90, measured["phantom.pipeline.events.in"]);
        Assert.Equal(90, measured["phantom.pipeline.events.processed"]);
        Assert.Equal(60, measured["phantom.pipeline.events.completed"]);
        Assert.Equal(30, measured["phantom.pipeline.events.rejected|BadTimestamp"]);
        Assert.True(measured["phantom.pipeline.latency.p99"] > 0);
    }
}
