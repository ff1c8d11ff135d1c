#:project ../Phantom.Streams/Phantom.Streams.csproj
#:property PublishAot=false
// Writes the compose traffic generator's events: the built-in TrafficGenerator's mixed human and agent sessions as
// CONTRACTS.md JSON lines, seeded so every image carries the same stream. Run at image build time:
//   dotnet run docker/generate-traffic.cs -- OUTPUT EVENTS
// (PHANTOM_GENERATOR__ALPHA, PHANTOM_GENERATOR__SEED, ... change the mix through the usual configuration.)
using Phantom.Streams.Catalog;
using Phantom.Streams.Configuration;
using Phantom.Streams.Generation;

if (args.Length != 2 || !long.TryParse(args[1], out var events) || events < 1)
{
    Console.Error.WriteLine("usage: dotnet run docker/generate-traffic.cs -- OUTPUT EVENTS");
    return 2;
}

var options = new PhantomConfiguration().Build();
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(args[0]))!);
TrafficGenerator.WriteFile(args[0], events, options, new ProductCatalog(options.Catalog));
Console.WriteLine($"wrote {events:N0} events (alpha {options.Generator.Alpha}, seed {options.Generator.Seed}) to {args[0]}");
return 0;
