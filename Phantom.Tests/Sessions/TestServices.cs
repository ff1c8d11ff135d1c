using Phantom.Streams.Catalog;
using Phantom.Streams.Configuration;
using Phantom.Streams.Flow;

namespace Phantom.Tests.Sessions;

/// <summary>Pipeline services for stage tests, with a dead-letter sink that only counts.</summary>
internal static class TestServices
{
    public static PipelineServices Create(PhantomOptions? options = null)
    {
        options ??= new PhantomOptions();
        return new PipelineServices(options, new ProductCatalog(options.Catalog), new CountingSink());
    }

    private sealed class CountingSink : IDeadLetterSink
    {
        private int _count;

        public int Count => _count;

        public void Write(int partition, long offset, RejectReason reason, ReadOnlySpan<byte> payload) => Interlocked.Increment(ref _count);
    }
}
