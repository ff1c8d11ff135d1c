using Phantom.Streams.Configuration;
using Phantom.Streams.Configuration.Hocon;

namespace Phantom.Tests.Configuration;

/// <summary>The reference phantom.conf, overlays, environment overrides, code overrides and validation.</summary>
public sealed class PhantomConfigurationTests : IDisposable
{
    private static readonly Dictionary<string, string> NoEnvironment = [];
    private readonly string _dir = Directory.CreateTempSubdirectory("phantom-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string RepoHoconDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "hocon", "phantom.conf")))
            {
                return Path.Combine(dir.FullName, "hocon");
            }
        }

        throw new InvalidOperationException("hocon/phantom.conf not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void Load_ReferenceAlone_EqualsCSharpDefaults()
    {
        var loaded = PhantomConfiguration.Load(environment: NoEnvironment);

        Assert.Empty(OptionsComparison.Differences(new PhantomOptions(), loaded, "phantom"));
    }

    [Fact]
    public void BindRoot_ReferenceFileOnDisk_EqualsCSharpDefaults()
    {
        var tree = Hocon.ParseFile(Path.Combine(RepoHoconDirectory(), "phantom.conf"), NoEnvironment);

        Assert.Empty(OptionsComparison.Differences(new PhantomOptions(), PhantomConfiguration.BindRoot(tree), "phantom"));
    }

    [Fact]
    public void Differences_ChangedValue_IsReported()
    {
        var changed = new PhantomOptions();
        changed.Demand.Weights["search"] = 9;
        changed.Agent.Kernels["human"]["page_view"]["search"] = 0.3;
        changed.Pipeline.Stages.Add("extra");

        var differences = OptionsComparison.Differences(new PhantomOptions(), changed, "phantom");

        Assert.Equal(3, differences.Count);
    }

    [Fact]
    public void Reference_MentionsEveryConfigurableProperty()
    {
        var tree = Hocon.ParseText(PhantomConfiguration.ReferenceText(), "phantom.conf", environment: NoEnvironment);

        var missing = OptionsComparison.KeyPaths(typeof(PhantomOptions), "phantom").Where(p => !tree.TryGetPath(p, out _)).ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void Reference_EveryPropertyKey_HasACommentLineAboveIt()
    {
        var text = PhantomConfiguration.ReferenceText();
        var lines = text.Split('\n');
        var tree = Hocon.ParseText(text, "phantom.conf", environment: NoEnvironment);

        var uncommented = OptionsComparison.KeyPaths(typeof(PhantomOptions), "phantom")
            .Where(p => tree.TryGetPath(p, out var v) && !lines[v.Origin.Line - 2].TrimStart().StartsWith('#'))
            .ToList();

        Assert.Empty(uncommented);
    }

    [Fact]
    public void Reference_KernelsAndWeights_AreTheCSharpDefaults()
    {
        var options = PhantomConfiguration.Load(environment: NoEnvironment);

        Assert.Equal(new PhantomOptions().Demand.Weights.Count, options.Demand.Weights.Count);
        Assert.Equal(0.58, options.Agent.Kernels["human"]["add_item_to_cart"]["checkout_start"]);
        Assert.Equal(1850, options.Catalog.Airline["fl10"]);
    }

    [Theory]
    [InlineData("embedded")]
    [InlineData("cluster.conf")]
    [InlineData("training")]
    public void AddOverlay_EmbeddedName_LoadsOnlyKnownKeys(string name)
    {
        var options = new PhantomConfiguration().AddOverlay(name).Build(NoEnvironment);

        Assert.NotNull(options);
    }

    [Theory]
    [InlineData("embedded.conf")]
    [InlineData("cluster.conf")]
    [InlineData("training.conf")]
    public void Load_OverlayFilesInRepo_BindAndValidate(string file)
    {
        var path = Path.Combine(RepoHoconDirectory(), file);

        var options = PhantomConfiguration.Load(path, NoEnvironment);

        Assert.NotNull(options);
    }

    [Fact]
    public void Load_ClusterOverlay_SetsTwelvePartitions()
    {
        var options = PhantomConfiguration.Load(Path.Combine(RepoHoconDirectory(), "cluster.conf"), NoEnvironment);

        Assert.Equal(12, options.Pipeline.Partitions);
        Assert.Equal(new PhantomOptions().Pricing.Shield.Cap, options.Pricing.Shield.Cap);
    }

    [Fact]
    public void Load_Overlay_MergesOverReference()
    {
        var overlay = Write("o.conf", """
            phantom.pipeline.batch-size = 64
            phantom.pipeline.stages += "audit"
            phantom.demand.weights { search = 3 }
            phantom.codec.max-event-bytes = 32K
            """);

        var options = PhantomConfiguration.Load(overlay, NoEnvironment);

        Assert.Equal(64, options.Pipeline.BatchSize);
        Assert.Equal(new PhantomOptions().Pipeline.QueueCapacity, options.Pipeline.QueueCapacity); // untouched: the reference value
        Assert.Equal([.. new PhantomOptions().Pipeline.Stages, "audit"], options.Pipeline.Stages);
        Assert.Equal(3, options.Demand.Weights["search"]);
        Assert.Equal(4.0, options.Demand.Weights["add_item_to_cart"]);
        Assert.Equal(32 * 1024, options.Codec.MaxEventBytes);
    }

    [Fact]
    public void Load_OverlayIncludingAnotherFile_ResolvesRelativeToOverlay()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "parts"));
        File.WriteAllText(Path.Combine(_dir, "parts", "pipeline.conf"), "batch-size = 128\nstages += \"audit\"");
        var overlay = Write("o.conf", "phantom.pipeline { include \"parts/pipeline.conf\" }\nphantom.generator.seed = 11");

        var options = PhantomConfiguration.Load(overlay, NoEnvironment);

        Assert.Equal(128, options.Pipeline.BatchSize);
        Assert.Equal("audit", options.Pipeline.Stages[^1]);
        Assert.Equal(new PhantomOptions().Pipeline.Stages.Count + 1, options.Pipeline.Stages.Count);
        Assert.Equal(11, options.Generator.Seed);
    }

    [Fact]
    public void Load_OverlayNullThenObject_ReplacesDictionary()
    {
        var overlay = Write("o.conf", "phantom.demand.weights = null\nphantom.demand.weights { search = 3 }");

        var options = PhantomConfiguration.Load(overlay, NoEnvironment);

        Assert.Equal(["search"], options.Demand.Weights.Keys);
    }

    [Fact]
    public void Load_OverlaySubstitution_FallsBackToEnvironment()
    {
        var overlay = Write("o.conf", "phantom.generator.seed = ${?SEED}\nphantom.generator.concurrent-sessions = ${phantom.pipeline.batch-size}");

        var options = PhantomConfiguration.Load(overlay, new Dictionary<string, string> { ["SEED"] = "42" });

        Assert.Equal(42, options.Generator.Seed);
        Assert.Equal(new PhantomOptions().Pipeline.BatchSize, options.Generator.ConcurrentSessions); // the reference batch-size
    }

    [Fact]
    public void Load_MissingOverlayFile_Fails()
    {
        var e = Assert.Throws<ConfigurationException>(() => PhantomConfiguration.Load(Path.Combine(_dir, "nope.conf"), NoEnvironment));

        Assert.Contains("nope.conf", e.Message);
    }

    [Fact]
    public void Load_UnknownKeyInOverlay_NamesKeyFileAndLine()
    {
        var overlay = Write("typo.conf", "phantom {\n  pipeline {\n    batchsize = 256\n  }\n}");

        var e = Assert.Throws<ConfigurationException>(() => PhantomConfiguration.Load(overlay, NoEnvironment));

        Assert.StartsWith($"unknown key 'phantom.pipeline.batchsize' at {overlay}:3; known keys here: ", e.Message);
        Assert.Contains("batch-size", e.Message);
    }

    [Fact]
    public void Load_UnknownTopLevelKey_Fails()
    {
        var overlay = Write("typo.conf", "phantm.pipeline.batch-size = 1");

        var e = Assert.Throws<ConfigurationException>(() => PhantomConfiguration.Load(overlay, NoEnvironment));

        Assert.Contains($"unknown key 'phantm' at {overlay}:1", e.Message);
    }

    [Fact]
    public void Load_WrongTypeInOverlay_NamesKeyTypeFileAndLine()
    {
        var overlay = Write("wrong.conf", "\nphantom.session.timeout = soon");

        var e = Assert.Throws<ConfigurationException>(() => PhantomConfiguration.Load(overlay, NoEnvironment));

        Assert.Contains("'phantom.session.timeout'", e.Message);
        Assert.Contains("duration", e.Message);
        Assert.Contains($"{overlay}:2", e.Message);
    }

    [Fact]
    public void Load_EnvironmentVariables_OverrideReferenceAndOverlay()
    {
        var overlay = Write("o.conf", "phantom.pipeline.batch-size = 64\nphantom.pipeline.queue-capacity = 8");
        var environment = new Dictionary<string, string>
        {
            ["PHANTOM_PIPELINE__BATCH_SIZE"] = "256",
            ["PHANTOM_PRICING__SHIELD__MAX_CHANGE"] = "0.1",
            ["PHANTOM_DEMAND__WEIGHTS__ADD_ITEM_TO_CART"] = "5",
            ["PHANTOM_AGENT__KERNELS__HUMAN__SESSION_START__PAGE_VIEW"] = "0.7",
            ["PHANTOM_PIPELINE__STAGES"] = "[parse, session]",
            ["PHANTOM_SESSION__TIMEOUT"] = "10m",
            ["PHANTOM_CODEC__MAX_EVENT_BYTES"] = string.Empty,
            ["UNRELATED"] = "x",
        };

        var options = PhantomConfiguration.Load(overlay, environment);

        Assert.Equal(256, options.Pipeline.BatchSize);
        Assert.Equal(8, options.Pipeline.QueueCapacity);
        Assert.Equal(0.1, options.Pricing.Shield.MaxChange);
        Assert.Equal(5, options.Demand.Weights["add_item_to_cart"]);
        Assert.False(options.Demand.Weights.ContainsKey("add-item-to-cart"));
        Assert.Equal(0.7, options.Agent.Kernels["human"]["session_start"]["page_view"]);
        Assert.Equal(["parse", "session"], options.Pipeline.Stages);
        Assert.Equal(TimeSpan.FromMinutes(10), options.Session.Timeout);
        Assert.Equal(new PhantomOptions().Codec.MaxEventBytes, options.Codec.MaxEventBytes);
    }

    [Fact]
    public void Load_EnvironmentVariableWithHoconArrayOfWrongType_NamesVariable()
    {
        var e = Assert.Throws<ConfigurationException>(() => PhantomConfiguration.Load(environment: new Dictionary<string, string> { ["PHANTOM_PIPELINE__STAGES"] = "[[1]]" }));

        Assert.Contains("'phantom.pipeline.stages[0]' at environment variable PHANTOM_PIPELINE__STAGES:", e.Message);
    }

    [Fact]
    public void Load_EnvironmentVariableForNewDictionaryKey_AddsLowerCasedKey()
    {
        var options = PhantomConfiguration.Load(environment: new Dictionary<string, string> { ["PHANTOM_AGENT__DETECTOR__BIAS"] = "-1.5" });

        Assert.Equal(-1.5, options.Agent.Detector["bias"]);
    }

    [Theory]
    [InlineData("PHANTOM_PIPELINE__BATCHSIZE", "BATCHSIZE")]
    [InlineData("PHANTOM_PIPELINES__BATCH_SIZE", "PIPELINES")]
    [InlineData("PHANTOM_PIPELINE__BATCH_SIZE__X", "phantom.pipeline.batch-size")]
    [InlineData("PHANTOM_PIPELINE____BATCH_SIZE", "empty")]
    public void Load_EnvironmentVariableNamingNoKey_Fails(string variable, string mention)
    {
        var e = Assert.Throws<ConfigurationException>(() => PhantomConfiguration.Load(environment: new Dictionary<string, string> { [variable] = "1" }));

        Assert.Contains(variable, e.Message);
        Assert.Contains(mention, e.Message);
    }

    [Fact]
    public void Load_EnvironmentVariableWrongType_NamesVariable()
    {
        var e = Assert.Throws<ConfigurationException>(() => PhantomConfiguration.Load(environment: new Dictionary<string, string> { ["PHANTOM_PIPELINE__BATCH_SIZE"] = "big" }));

        Assert.Contains("'phantom.pipeline.batch-size'", e.Message);
        Assert.Contains("environment variable PHANTOM_PIPELINE__BATCH_SIZE", e.Message);
    }

    [Fact]
    public void Load_Overrides_BeatEnvironmentAndOverlay()
    {
        var overlay = Write("o.conf", "phantom.generator.alpha = 0.1");

        var options = PhantomConfiguration.Load(
            overlay,
            new Dictionary<string, string> { ["PHANTOM_GENERATOR__ALPHA"] = "0.2" },
            [new("phantom.generator.alpha", "0.5"), new("phantom.pipeline.stages", "[parse]")]);

        Assert.Equal(0.5, options.Generator.Alpha);
        Assert.Equal(["parse"], options.Pipeline.Stages);
    }

    [Fact]
    public void Set_UnknownKey_FailsNamingOverride()
    {
        var e = Assert.Throws<ConfigurationException>(() => new PhantomConfiguration().Set("phantom.generator.alfa", "0.5").Build(NoEnvironment));

        Assert.Contains("unknown key 'phantom.generator.alfa' at override phantom.generator.alfa", e.Message);
    }

    [Theory]
    [InlineData("phantom.generator.alpha", "1.5")]
    [InlineData("phantom.pipeline.partitions", "-1")]
    [InlineData("phantom.pipeline.batch-size", "0")]
    [InlineData("phantom.pipeline.queue-capacity", "0")]
    [InlineData("phantom.agent.temperature", "0")]
    [InlineData("phantom.agent.prior", "1")]
    [InlineData("phantom.pricing.shield.floor", "1.1")]
    [InlineData("phantom.pricing.shield.cap", "0.9")]
    [InlineData("phantom.demand.half-life", "0s")]
    [InlineData("phantom.generator.human.hover-rate", "-0.1")]
    [InlineData("phantom.generator.agent.headless-share", "2")]
    [InlineData("phantom.pricing.policy", "greedy")]
    [InlineData("phantom.agent.kernels.human.page_view.search", "1.5")]
    [InlineData("phantom.demand.weights.search", "-1")]
    [InlineData("phantom.generator.start-time", "yesterday")]
    public void Set_OutOfRange_FailsNamingKey(string key, string value)
    {
        var e = Assert.Throws<ConfigurationException>(() => new PhantomConfiguration().Set(key, value).Build(NoEnvironment));

        Assert.Contains(key, e.Message);
        Assert.Contains("out of range", e.Message);
        Assert.Equal(key, e.KeyPath);
    }

    [Fact]
    public void Load_OutOfRangeInOverlay_CitesFileAndLine_AndReportsAllProblems()
    {
        var overlay = Write("bad.conf", "phantom.generator.alpha = 1.5\nphantom.agent.temperature = -1");

        var e = Assert.Throws<ConfigurationException>(() => PhantomConfiguration.Load(overlay, NoEnvironment));

        Assert.Contains($"phantom.generator.alpha = 1.5 is out of range: must be in [0, 1] (set at {overlay}:1)", e.Message);
        Assert.Contains($"(set at {overlay}:2)", e.Message);
    }

    [Fact]
    public void Validate_Defaults_Pass()
    {
        var exception = Record.Exception(() => PhantomOptionsValidator.Validate(new PhantomOptions()));

        Assert.Null(exception);
    }

    [Fact]
    public void Validate_MissingKernel_Fails()
    {
        var options = new PhantomOptions();
        options.Agent.Kernels.Remove("agent");

        var e = Assert.Throws<ConfigurationException>(() => PhantomOptionsValidator.Validate(options));

        Assert.Contains("phantom.agent.kernels.agent", e.Message);
    }

    [Fact]
    public void EnvironmentKeyPath_MapsUnderscoresToDashesForProperties()
    {
        var path = PhantomConfiguration.EnvironmentKeyPath("PHANTOM_SESSION__PASSIVATE_IDLE_AFTER", phantom: null);

        Assert.Equal(["phantom", "session", "passivate-idle-after"], path);
    }
}
