using System.Buffers;
using System.Globalization;
using System.Text;
using Phantom.Streams.Agents;
using Phantom.Streams.Catalog;
using Phantom.Streams.Codec;
using Phantom.Streams.Configuration;
using Phantom.Streams.Events;
using Phantom.Streams.Randomness;

namespace Phantom.Streams.Generation;

/// <summary>
/// The built-in traffic generator: an endless, seeded stream of CONTRACTS.md interaction events as UTF-8 JSON, in
/// event-time order over <see cref="GeneratorOptions.ConcurrentSessions"/> interleaved sessions. The same options and
/// catalog give a byte-identical stream: every draw comes from one <see cref="SeededRandom"/> in a fixed order.
/// <para>Behaviour (PHANTOM-MODEL.md section 5, adapted to a live stream):</para>
/// <list type="bullet">
/// <item>Each session is an agent with probability α, else human; its <c>experimentId</c> is the codec's agent or
/// human experiment id (the ground truth). Its store mode is airline with <see cref="GeneratorOptions.AirlineShare"/>.</item>
/// <item>It opens with an explicit <c>session_start</c>; each further state is drawn from its class's kernel row
/// (rows are sources); it stops when the kernel draws <c>session_end</c>, after <c>purchase_complete</c>, or after
/// <see cref="GeneratorOptions.MaxEventsPerSession"/> events. A slot whose session ended starts a new session.</item>
/// <item>Hovers (<c>hover_over_*</c>) are extra events between kernel steps: after an event on a product page
/// (<c>view_item_page</c>, <c>learn_more_about_item</c>) a hover follows with the class's HoverRate, and another
/// after it with the same chance (at most three in a row). They do not move the kernel state, so the kernel
/// transitions of a generated session, with hovers removed, follow the class kernel exactly.</item>
/// <item><c>view_item_page</c> draws a product from the class's demand (<see cref="ProductChooser"/>);
/// <c>learn_more_about_item</c> and <c>add_item_to_cart</c> stay on the product being viewed. Valuations live on
/// the simulator's scale: a product's price is mapped to p̃ = 50·base/mean(base of its store), so the store's mean
/// price sits at 50, where the human valuation mean is.</item>
/// <item>Gaps between a session's events are log-normal: GapMedian·exp(GapSpread·Z). A new session in a slot starts
/// uniformly within two human gap medians after the previous one's last event; the first sessions start uniformly
/// over half the length of a longest human session, so the stream opens near its steady state.</item>
/// <item>User agents: humans an ordinary desktop or mobile browser; agents headless (HeadlessShare), automation-
/// marked (AutomationShare), or otherwise the same ordinary strings.</item>
/// </list>
/// Writing an event allocates nothing: the session slots, the heap and every constant byte string are built once.
/// </summary>
public sealed class TrafficGenerator
{
    private const int S = EventNames.StateCount;
    private const int SessionIdBytes = 36;
    private const int MaxHoverChain = 3;
    private const long DayMs = 86_400_000;

    private readonly GeneratorOptions _options;
    private readonly SeededRandom _random;
    private readonly GeneratorSession[] _sessions;
    private readonly byte[] _sessionIds;
    private readonly EventTimeHeap _heap;
    private readonly double[][] _kernelCumulative;
    private readonly GeneratorClassOptions[] _classes;
    private readonly double[] _gapMedianMs;
    private readonly GeneratorProduct[][] _products;
    private readonly ProductChooser[][] _choosers;
    private readonly byte[][] _experimentIds;
    private readonly byte[][] _modeNames;
    private readonly byte[][][] _pages;
    private readonly byte[][] _userAgents;
    private readonly int _headlessStart;
    private readonly int _automationStart;
    private readonly byte[] _scratch;
    private readonly bool[] _modeAvailable;
    private long _dayStartMs = long.MinValue;
    private byte[] _datePrefix = [];

    public TrafficGenerator(PhantomOptions options, ProductCatalog catalog)
        : this((options ?? throw new ArgumentNullException(nameof(options))).Generator, catalog, options.Agent, options.Codec)
    {
    }

    /// <exception cref="ArgumentException">Options out of range, a catalog without products, or experiment ids needing JSON escapes.</exception>
    public TrafficGenerator(GeneratorOptions options, ProductCatalog catalog, AgentOptions agent, CodecOptions codec)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(codec);
        Validate(options);
        _options = options;
        _random = new SeededRandom(options.Seed);
        _classes = [options.Human, options.Agent];
        _gapMedianMs = [options.Human.GapMedian.TotalMilliseconds, options.Agent.GapMedian.TotalMilliseconds];
        _kernelCumulative = [Cumulative(agent.HumanKernel()), Cumulative(agent.AgentKernel())];
        _experimentIds = [JsonSafeUtf8(codec.HumanExperimentId, "human experiment id"), JsonSafeUtf8(codec.AgentExperimentId, "agent experiment id")];

        string[] modeNames = ["hotel", "airline"];
        _modeNames = modeNames.Select(Encoding.UTF8.GetBytes).ToArray();
        _products = new GeneratorProduct[2][];
        _modeAvailable = new bool[2];
        _choosers = [new ProductChooser[2], new ProductChooser[2]];
        _pages = new byte[2][][];
        for (var m = 0; m < 2; m++)
        {
            var products = catalog.All.Where(p => (int)p.Mode == m).ToList();
            var mean = products.Count > 0 ? products.Average(p => p.BasePrice) : 1;
            _products[m] = products.Select(p => new GeneratorProduct(p, modeNames[m], 50.0 * p.BasePrice / mean)).ToArray();
            _modeAvailable[m] = products.Count > 0;
            var scaled = _products[m].Select(p => p.ScaledPrice).DefaultIfEmpty(50).ToArray();
            for (var c = 0; c < 2; c++)
            {
                _choosers[c][m] = new ProductChooser(scaled, _classes[c].ValuationMean, _classes[c].ValuationStd);
            }

            _pages[m] = PagesOf(modeNames[m]);
        }

        if (!_modeAvailable[0] && !_modeAvailable[1])
        {
            throw new ArgumentException("the traffic generator needs a catalog with at least one product");
        }

        var agents = new List<string>(UserAgentPool.Ordinary);
        _headlessStart = agents.Count;
        agents.AddRange(UserAgentPool.Headless);
        _automationStart = agents.Count;
        agents.AddRange(UserAgentPool.Automation);
        _userAgents = agents.Select(Encoding.UTF8.GetBytes).ToArray();

        var longest = 256 + _experimentIds.Max(e => e.Length) + _userAgents.Max(u => u.Length)
            + _products.SelectMany(p => p).Select(p => p.DetailsPage.Length + p.Id.Length + p.Metadata.Length + p.ElementText.Length).DefaultIfEmpty(0).Max()
            + _pages.SelectMany(p => p).Max(p => p.Length);
        MaxLineBytes = longest;
        _scratch = new byte[longest];

        var n = options.ConcurrentSessions;
        _sessions = new GeneratorSession[n];
        _sessionIds = new byte[n * SessionIdBytes];
        _heap = new EventTimeHeap(n);
        var startMs = DateTimeOffset.Parse(options.StartTime, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUnixTimeMilliseconds();
        var spreadMs = _gapMedianMs[0] * options.MaxEventsPerSession / 2.0;
        for (var slot = 0; slot < n; slot++)
        {
            StartSession(slot, startMs + (long)(_random.NextDouble() * spreadMs));
            _heap.Push(slot, _sessions[slot].NextMs);
        }
    }

    /// <summary>Upper bound of one event's JSON in bytes; a destination this long always fits the next event.</summary>
    public int MaxLineBytes { get; }

    public long EventsWritten { get; private set; }

    public long SessionsStarted { get; private set; }

    public long AgentSessionsStarted { get; private set; }

    /// <summary>Event time (Unix ms) of the next event <see cref="TryWriteNext(Span{byte}, out int, out ulong)"/> writes.</summary>
    public long NextEventTimeMs => _heap.TopTime;

    /// <summary>
    /// Writes the next event's JSON (no trailing newline) to <paramref name="destination"/> and gives its session key
    /// (<see cref="Utf8Hash.Of(ReadOnlySpan{byte})"/> of the sessionId bytes) for routing without parsing. False, with
    /// nothing consumed, when the event does not fit; it then is the next event again.
    /// </summary>
    public bool TryWriteNext(Span<byte> destination, out int written, out ulong sessionKey)
    {
        var slot = _heap.TopSlot;
        if (destination.Length >= MaxLineBytes)
        {
            written = Format(slot, destination);
        }
        else
        {
            written = Format(slot, _scratch);
            if (written > destination.Length)
            {
                written = 0;
                sessionKey = 0;
                return false;
            }

            _scratch.AsSpan(0, written).CopyTo(destination);
        }

        sessionKey = _sessions[slot].Key;
        Advance(slot);
        _heap.ReplaceTop(_sessions[slot].NextMs);
        EventsWritten++;
        return true;
    }

    /// <summary>Writes the next event's JSON (no trailing newline) to <paramref name="writer"/>; returns its session key.</summary>
    public ulong WriteNext(IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var span = writer.GetSpan(MaxLineBytes);
        TryWriteNext(span, out var written, out var key);
        writer.Advance(written);
        return key;
    }

    /// <summary>Writes the next <paramref name="events"/> events as JSON lines (each followed by <c>\n</c>).</summary>
    public void WriteLines(Stream stream, long events)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegative(events);
        var buffer = new byte[Math.Max(1 << 16, MaxLineBytes * 4)];
        var used = 0;
        for (var i = 0L; i < events; i++)
        {
            if (buffer.Length - used < MaxLineBytes + 1)
            {
                stream.Write(buffer, 0, used);
                used = 0;
            }

            TryWriteNext(buffer.AsSpan(used), out var written, out _);
            used += written;
            buffer[used++] = (byte)'\n';
        }

        stream.Write(buffer, 0, used);
    }

    /// <summary>Writes <paramref name="events"/> events of a generator over <paramref name="options"/> to a JSONL file (for <c>--input</c>).</summary>
    public static void WriteFile(string path, long events, PhantomOptions options, ProductCatalog catalog)
    {
        var generator = new TrafficGenerator(options, catalog);
        using var file = File.Create(path);
        generator.WriteLines(file, events);
    }

    private static void Validate(GeneratorOptions o)
    {
        if (!(o.Alpha >= 0 && o.Alpha <= 1) || !(o.AirlineShare >= 0 && o.AirlineShare <= 1))
        {
            throw new ArgumentException($"phantom.generator: alpha ({o.Alpha}) and airline-share ({o.AirlineShare}) must be in [0, 1]");
        }

        if (o.ConcurrentSessions < 1 || o.MaxEventsPerSession < 1)
        {
            throw new ArgumentException($"phantom.generator: concurrent-sessions ({o.ConcurrentSessions}) and max-events-per-session ({o.MaxEventsPerSession}) must be >= 1");
        }

        foreach (var (name, c) in new[] { ("human", o.Human), ("agent", o.Agent) })
        {
            if (c.GapMedian <= TimeSpan.Zero || !(c.GapSpread >= 0) || !(c.HoverRate >= 0 && c.HoverRate <= 1)
                || !(c.HeadlessShare >= 0) || !(c.AutomationShare >= 0) || c.HeadlessShare + c.AutomationShare > 1
                || !double.IsFinite(c.ValuationMean) || !(c.ValuationStd >= 0))
            {
                throw new ArgumentException($"phantom.generator.{name}: gap-median must be > 0, gap-spread >= 0, hover-rate in [0, 1], headless + automation share in [0, 1], valuation finite");
            }
        }
    }

    private static double[] Cumulative(TransitionKernel kernel)
    {
        var cumulative = new double[S * S];
        for (var s = 0; s < S; s++)
        {
            var row = kernel.Row((EventName)s);
            var total = 0.0;
            for (var k = 0; k < S; k++)
            {
                total += row[k];
                cumulative[(s * S) + k] = total;
            }
        }

        return cumulative;
    }

    private static byte[] JsonSafeUtf8(string text, string what)
    {
        if (text.Any(c => c == '"' || c == '\\' || char.IsControl(c)))
        {
            throw new ArgumentException($"the {what} '{text}' must not contain quotes, backslashes or control characters");
        }

        return Encoding.UTF8.GetBytes(text);
    }

    private static byte[][] PagesOf(string mode)
    {
        var pages = new byte[S][];
        for (var s = 0; s < S; s++)
        {
            pages[s] = Encoding.UTF8.GetBytes($"/{mode}/products");
        }

        pages[(int)EventName.SessionStart] = Encoding.UTF8.GetBytes($"/{mode}");
        pages[(int)EventName.Search] = Encoding.UTF8.GetBytes($"/{mode}/search");
        pages[(int)EventName.CheckoutStart] = Encoding.UTF8.GetBytes($"/{mode}/checkout");
        pages[(int)EventName.PurchaseComplete] = Encoding.UTF8.GetBytes($"/{mode}/checkout/complete");
        return pages;
    }

    private static bool IsHover(EventName name) => name >= EventName.HoverOverTitle && name <= EventName.HoverOverButton;

    private static bool IsProductPage(EventName name) => name is EventName.ViewItemPage or EventName.LearnMoreAboutItem;

    private static bool CarriesProduct(EventName name) =>
        name is EventName.ViewItemPage or EventName.LearnMoreAboutItem or EventName.AddItemToCart or EventName.RemoveItem || IsHover(name);

    private void StartSession(int slot, long atMs)
    {
        ref var s = ref _sessions[slot];
        s.IsAgent = _random.NextBool(_options.Alpha);
        var mode = _random.NextBool(_options.AirlineShare) ? 1 : 0;
        s.Mode = (StoreMode)(_modeAvailable[mode] ? mode : 1 - mode);
        var c = s.IsAgent ? 1 : 0;
        var cls = _classes[c];

        // UUID v4 from 122 random bits: version nibble 4, variant bits 10.
        var high = _random.NextUInt64();
        var low = _random.NextUInt64();
        high = (high & 0xFFFFFFFFFFFF0FFFUL) | 0x0000000000004000UL;
        low = (low & 0x3FFFFFFFFFFFFFFFUL) | 0x8000000000000000UL;
        var id = _sessionIds.AsSpan(slot * SessionIdBytes, SessionIdBytes);
        var w = new Utf8LineWriter(id);
        w.AppendHex(high >> 32, 8);
        w.Append((byte)'-');
        w.AppendHex(high >> 16, 4);
        w.Append((byte)'-');
        w.AppendHex(high, 4);
        w.Append((byte)'-');
        w.AppendHex(low >> 48, 4);
        w.Append((byte)'-');
        w.AppendHex(low, 12);
        s.Key = Utf8Hash.Of(id);

        var u = _random.NextDouble();
        s.UserAgent = u < cls.HeadlessShare ? _headlessStart + _random.NextInt(UserAgentPool.Headless.Length)
            : u < cls.HeadlessShare + cls.AutomationShare ? _automationStart + _random.NextInt(UserAgentPool.Automation.Length)
            : _random.NextInt(UserAgentPool.Ordinary.Length);

        s.Pending = EventName.SessionStart;
        s.KernelState = EventName.SessionStart;
        s.Product = -1;
        s.Emitted = 0;
        s.HoverChain = 0;
        s.DwellMs = 0;
        s.NextMs = atMs;
        _choosers[c][(int)s.Mode].OnSessionStart(_random);
        SessionsStarted++;
        if (s.IsAgent)
        {
            AgentSessionsStarted++;
        }
    }

    private void Advance(int slot)
    {
        ref var s = ref _sessions[slot];
        var emitted = s.Pending;
        s.Emitted++;
        if (IsHover(emitted))
        {
            s.HoverChain++;
        }
        else
        {
            s.KernelState = emitted;
            s.HoverChain = 0;
        }

        if (emitted == EventName.PurchaseComplete || s.Emitted >= _options.MaxEventsPerSession)
        {
            Restart(slot);
            return;
        }

        var c = s.IsAgent ? 1 : 0;
        var cls = _classes[c];
        if (IsProductPage(s.KernelState) && s.HoverChain < MaxHoverChain && _random.NextBool(cls.HoverRate))
        {
            s.Pending = (EventName)((int)EventName.HoverOverTitle + _random.NextInt(4));
            s.DwellMs = (int)Math.Min(int.MaxValue, Math.Max(1, LogNormal(_gapMedianMs[c] / 3, cls.GapSpread)));
            s.NextMs += Gap(c);
            return;
        }

        var next = DrawNext(c, s.KernelState);
        if (next == EventName.SessionEnd)
        {
            Restart(slot);
            return;
        }

        s.Pending = next;
        if (next == EventName.ViewItemPage || (s.Product < 0 && CarriesProduct(next)))
        {
            s.Product = _choosers[c][(int)s.Mode].Next(_random);
        }

        s.NextMs += Gap(c);
    }

    private void Restart(int slot)
    {
        var lastMs = _sessions[slot].NextMs;
        StartSession(slot, lastMs + (long)(_random.NextDouble() * 2 * _gapMedianMs[0]));
    }

    private EventName DrawNext(int c, EventName from)
    {
        var row = _kernelCumulative[c].AsSpan((int)from * S, S);
        var u = _random.NextDouble() * row[S - 1];
        for (var k = 0; k < S; k++)
        {
            if (u < row[k])
            {
                return (EventName)k;
            }
        }

        return EventName.SessionEnd;
    }

    private long Gap(int c) => Math.Max(1, (long)LogNormal(_gapMedianMs[c], _classes[c].GapSpread));

    private double LogNormal(double median, double spread) => median * Math.Exp(spread * _random.NextGaussian());

    private int Format(int slot, Span<byte> destination)
    {
        ref readonly var s = ref _sessions[slot];
        var c = s.IsAgent ? 1 : 0;
        var mode = (int)s.Mode;
        var name = s.Pending;
        var w = new Utf8LineWriter(destination);
        w.Append("{\"sessionId\":\""u8);
        w.Append(_sessionIds.AsSpan(slot * SessionIdBytes, SessionIdBytes));
        w.Append("\",\"experimentId\":\""u8);
        w.Append(_experimentIds[c]);
        w.Append("\",\"eventName\":\""u8);
        w.Append(name.ToWireUtf8());
        w.Append("\",\"page\":\""u8);
        if (CarriesProduct(name) && s.Product >= 0)
        {
            var product = _products[mode][s.Product];
            var onDetails = name == EventName.LearnMoreAboutItem || (IsHover(name) && s.KernelState == EventName.LearnMoreAboutItem);
            w.Append(onDetails ? product.DetailsPage : product.Page);
            w.Append("\",\"productId\":\""u8);
            w.Append(product.Id);
            w.Append("\",\"metadata\":{"u8);
            w.Append(product.Metadata);
            if (IsHover(name))
            {
                w.Append(product.ElementText);
                w.Append(",\"dwellTime\":"u8);
                w.AppendInteger(s.DwellMs);
            }

            w.Append("},\"storeMode\":\""u8);
        }
        else
        {
            w.Append(_pages[mode][(int)name]);
            w.Append("\",\"storeMode\":\""u8);
        }

        w.Append(_modeNames[mode]);
        w.Append("\",\"userAgent\":\""u8);
        w.Append(_userAgents[s.UserAgent]);
        w.Append("\",\"ts\":\""u8);
        WriteTimestamp(ref w, s.NextMs);
        w.Append("\"}"u8);
        return w.Position;
    }

    /// <summary>ISO-8601 UTC with milliseconds and Z; the date part is formatted once per day of event time.</summary>
    private void WriteTimestamp(ref Utf8LineWriter w, long ms)
    {
        if (ms < _dayStartMs || ms >= _dayStartMs + DayMs)
        {
            _dayStartMs = Math.DivRem(ms, DayMs, out var rem) * DayMs - (rem < 0 ? DayMs : 0);
            _datePrefix = Encoding.UTF8.GetBytes(DateTimeOffset.FromUnixTimeMilliseconds(_dayStartMs).UtcDateTime
                .ToString("yyyy-MM-dd'T'", CultureInfo.InvariantCulture));
        }

        var inDay = (int)(ms - _dayStartMs);
        w.Append(_datePrefix);
        w.AppendPadded(inDay / 3_600_000, 2);
        w.Append((byte)':');
        w.AppendPadded(inDay / 60_000 % 60, 2);
        w.Append((byte)':');
        w.AppendPadded(inDay / 1000 % 60, 2);
        w.Append((byte)'.');
        w.AppendPadded(inDay % 1000, 3);
        w.Append((byte)'Z');
    }
}
