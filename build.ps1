#!/usr/bin/env pwsh
#Requires -Version 7.0
<#
.SYNOPSIS
    Build entry point for the TaskActors solution.

.DESCRIPTION
    Run it through the repository's local tool manifest so no global install is needed:

        dotnet tool restore
        dotnet pwsh ./build.ps1 <target> [options] [extra arguments]

    Targets: help (default), restore, build, test, properties, ownership, bench, bench-components, bench-retention, pack, clean.
    Run `dotnet pwsh ./build.ps1 help` for the details.

.PARAMETER Target
    What to run. Defaults to 'help'.

.PARAMETER Configuration
    The MSBuild configuration. Defaults to Release.

.PARAMETER Scale
    properties only: how many times each property's usual number of random cases to run (default 100).
    ownership only: how many rounds of each store-ownership race to run (default 100).

.PARAMETER Quick
    bench, bench-components, bench-retention: pass --quick to the benchmark program(s).

.PARAMETER Out
    bench only: the folder for benchmarks.md/.png/.json (passed as --out; default: docs/ for a full run,
    a temp folder for -Quick).

.PARAMETER ExtraArgs
    Anything after the target and options. 'bench' passes it to the comparison harness (e.g. --out DIR),
    'bench-components' to every component benchmark program,
    'test' passes it to `dotnet test` (e.g. --filter ...). Use the long (--name) form of flags.
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [string] $Target = 'help',

    [string] $Configuration = 'Release',

    [switch] $Quick,

    [int] $Scale = 100,

    [string] $Out = '',

    [Parameter(Position = 1, ValueFromRemainingArguments = $true)]
    [string[]] $ExtraArgs = @()
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# Native commands are checked explicitly through $LASTEXITCODE below.
$PSNativeCommandUseErrorActionPreference = $false

$Root = $PSScriptRoot
$Solution = Join-Path $Root 'TaskActors.sln'
$ArtifactsDir = Join-Path $Root 'artifacts'
$PackagesDir = Join-Path $ArtifactsDir 'packages'
$BenchDir = Join-Path $Root 'bench'
# The comparison harness (TaskActors vs Hangfire vs Quartz.NET); its Hangfire peer program is run by it, never directly.
$CompareProject = Join-Path $BenchDir 'TaskActors.Bench.Compare/TaskActors.Bench.Compare.csproj'
# Folders whose bin/ and obj/ trees 'clean' removes.
$SourceRoots = @('src', 'tests', 'bench', 'samples')

$Targets = [ordered]@{
    help    = 'List the targets and options (default).'
    restore = 'Restore NuGet packages for TaskActors.sln (dotnet restore).'
    build   = 'Build TaskActors.sln (warnings are errors, set in Directory.Build.props).'
    test    = 'Run every test project in TaskActors.sln (dotnet test); extra args go to dotnet test.'
    properties = 'A long randomized run: every property test (classes named *Properties*) with -Scale (default 100) times its cases; extra args go to dotnet test.'
    bench   = 'Compare with Hangfire and Quartz.NET: full run writes docs/benchmarks.md/.png; -Quick (a temp folder) passes --quick; extra args pass through.'
    ownership = 'The store-ownership races (four simultaneous runs through one path, a symlink, a hard link; a run beside a starting host) for -Scale rounds each (default 100); extra args go to dotnet test.'
    'bench-components' = 'Run the component benchmarks (journal, runtime, queries); -Quick passes --quick, extra args pass through.'
    'bench-retention' = 'Two periodic tasks every 10 ms for 5 minutes: the store stays under the journal retention''s bound; writes bench/TaskActors.Bench.Runtime/RETENTION.md; -Quick: 20 s, no file; extra args pass through.'
    pack    = 'Pack the packable projects into artifacts/packages.'
    clean   = 'dotnet clean, then delete artifacts/ and every bin/ and obj/ under src, tests, bench, samples.'
}

function Write-Step([string] $Message) {
    Write-Host "==> $Message" -ForegroundColor Cyan
}

# Runs dotnet with the given arguments and stops the script with dotnet's exit code if it fails.
function Invoke-Dotnet([string[]] $Arguments) {
    Write-Host "> dotnet $($Arguments -join ' ')" -ForegroundColor DarkGray
    & dotnet @Arguments
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}

function Assert-NoExtraArgs {
    if ($ExtraArgs.Count -gt 0) {
        Write-Host "Target '$Target' takes no extra arguments (got: $($ExtraArgs -join ' '))." -ForegroundColor Red
        exit 2
    }
}

function Show-Help {
    Write-Host 'Usage: dotnet pwsh ./build.ps1 <target> [-Configuration <name>] [-Quick] [extra args]'
    Write-Host '       (run `dotnet tool restore` once first)'
    Write-Host ''
    Write-Host 'Targets:'
    foreach ($name in $Targets.Keys) {
        Write-Host ('  {0,-16} {1}' -f $name, $Targets[$name])
    }
    Write-Host ''
    Write-Host 'Options:'
    Write-Host '  -Configuration <name>  MSBuild configuration (default: Release).'
    Write-Host '  -Scale <n>             properties: run each property with n times its usual cases; ownership: rounds per race (default 100).'
    Write-Host '  -Quick                 bench, bench-components, bench-retention: pass --quick to the benchmark program(s).'
    Write-Host '  -Out <folder>          bench: where benchmarks.md/.png/.json go (default docs/; -Quick: a temp folder).'
    Write-Host ''
    Write-Host 'Examples:'
    Write-Host '  dotnet pwsh ./build.ps1 test --filter "FullyQualifiedName~Model"'
    Write-Host '  dotnet pwsh ./build.ps1 properties -Scale 20'
    Write-Host '  dotnet pwsh ./build.ps1 bench -Quick -Out /tmp/bench'
    Write-Host '  dotnet pwsh ./build.ps1 bench-components -Quick'
}

function Get-BenchProjects {
    if (-not (Test-Path -LiteralPath $BenchDir -PathType Container)) { return @() }
    $projects = Get-ChildItem -LiteralPath $BenchDir -Recurse -File -Filter '*.csproj' |
        Where-Object {
            # Skip anything generated under bin/ or obj/.
            $relative = [System.IO.Path]::GetRelativePath($BenchDir, $_.FullName)
            $parts = $relative -split '[\\/]'
            -not ($parts -contains 'bin' -or $parts -contains 'obj')
        } |
        Where-Object {
            # The comparison harness and its Hangfire peer have their own target ('bench').
            -not $_.Name.StartsWith('TaskActors.Bench.Compare')
        } |
        Where-Object {
            # Console projects only: <OutputType>Exe</OutputType>.
            (Get-Content -LiteralPath $_.FullName -Raw) -match '<OutputType>\s*Exe\s*</OutputType>'
        } |
        Sort-Object FullName
    return @($projects)
}

# The comparison harness: one process that runs every cell in a child process and writes the report and chart.
function Invoke-Compare {
    $programArgs = @()
    if ($Quick) { $programArgs += '--quick' }
    if ($Out) { $programArgs += @('--out', $Out) }
    $programArgs += $ExtraArgs
    Write-Step "bench: $([System.IO.Path]::GetRelativePath($Root, $CompareProject))"
    $dotnetArgs = @('run', '-c', $Configuration, '--project', $CompareProject)
    if ($programArgs.Count -gt 0) { $dotnetArgs += @('--') + $programArgs }
    Invoke-Dotnet $dotnetArgs
}

function Invoke-Bench {
    $projects = @(Get-BenchProjects)
    if ($projects.Count -eq 0) {
        Write-Host 'No benchmark console projects under bench/ yet: nothing to run.'
        return
    }
    $programArgs = @()
    if ($Quick) { $programArgs += '--quick' }
    $programArgs += $ExtraArgs
    foreach ($project in $projects) {
        $relative = [System.IO.Path]::GetRelativePath($Root, $project.FullName)
        Write-Step "bench: $relative"
        $dotnetArgs = @('run', '-c', $Configuration, '--project', $project.FullName)
        if ($programArgs.Count -gt 0) { $dotnetArgs += @('--') + $programArgs }
        Invoke-Dotnet $dotnetArgs
    }
}

function Invoke-Clean {
    Invoke-Dotnet @('clean', $Solution, '-c', $Configuration, '-v', 'minimal')
    if (Test-Path -LiteralPath $ArtifactsDir) {
        Write-Host "Removing $([System.IO.Path]::GetRelativePath($Root, $ArtifactsDir))"
        Remove-Item -LiteralPath $ArtifactsDir -Recurse -Force
    }
    foreach ($sourceRoot in $SourceRoots) {
        $dir = Join-Path $Root $sourceRoot
        if (-not (Test-Path -LiteralPath $dir -PathType Container)) { continue }
        # Sort deepest first so nested folders go before their parents.
        $outputs = @(Get-ChildItem -LiteralPath $dir -Recurse -Directory -Force |
            Where-Object { $_.Name -in @('bin', 'obj') } |
            Sort-Object { $_.FullName.Length } -Descending)
        foreach ($output in $outputs) {
            if (Test-Path -LiteralPath $output.FullName) {
                Write-Host "Removing $([System.IO.Path]::GetRelativePath($Root, $output.FullName))"
                Remove-Item -LiteralPath $output.FullName -Recurse -Force
            }
        }
    }
}

switch ($Target.ToLowerInvariant()) {
    'help' {
        Show-Help
    }
    'restore' {
        Assert-NoExtraArgs
        Write-Step 'restore'
        Invoke-Dotnet @('restore', $Solution)
    }
    'build' {
        Assert-NoExtraArgs
        Write-Step "build ($Configuration)"
        Invoke-Dotnet @('build', $Solution, '-c', $Configuration)
    }
    'test' {
        Write-Step "test ($Configuration)"
        Invoke-Dotnet (@('test', $Solution, '-c', $Configuration) + $ExtraArgs)
    }
    'properties' {
        if ($Scale -lt 1) {
            Write-Host "-Scale must be a positive integer (got $Scale)." -ForegroundColor Red
            exit 2
        }
        Write-Step "properties ($Configuration, $Scale x the usual cases; a failure prints its replay line)"
        # Read by tests/TaskActors.Testing/ScaledPropertyAttribute.cs.
        $env:TASKACTORS_PROPERTY_SCALE = "$Scale"
        Invoke-Dotnet (@('test', $Solution, '-c', $Configuration, '--filter', 'FullyQualifiedName~Properties') + $ExtraArgs)
    }
    'ownership' {
        if ($Scale -lt 1) {
            Write-Host "-Scale must be a positive integer (got $Scale)." -ForegroundColor Red
            exit 2
        }
        Write-Step "ownership races ($Configuration, $Scale rounds each)"
        # Read by tests/TaskActors.Testing/OwnershipRounds.cs.
        $env:TASKACTORS_OWNERSHIP_ROUNDS = "$Scale"
        $filter = 'FullyQualifiedName~Four_simultaneous_runs|FullyQualifiedName~A_run_beside_a_starting_host'
        Invoke-Dotnet (@('test', (Join-Path $Root 'tests/TaskActors.Cli.Tests'), '-c', $Configuration, '--filter', $filter) + $ExtraArgs)
        Invoke-Dotnet (@('test', (Join-Path $Root 'tests/TaskActors.Hosting.Tests'), '-c', $Configuration, '--filter', $filter) + $ExtraArgs)
    }
    'bench' {
        Invoke-Compare
    }
    'bench-components' {
        Invoke-Bench
    }
    'bench-retention' {
        $retentionArgs = @('--retention')
        if ($Quick) { $retentionArgs += '--quick' }
        Write-Step 'bench-retention: bench/TaskActors.Bench.Runtime --retention'
        Invoke-Dotnet (@('run', '-c', $Configuration, '--project', (Join-Path $BenchDir 'TaskActors.Bench.Runtime/TaskActors.Bench.Runtime.csproj'), '--') + $retentionArgs + $ExtraArgs)
    }
    'pack' {
        Assert-NoExtraArgs
        Write-Step "pack ($Configuration) -> artifacts/packages"
        Invoke-Dotnet @('pack', $Solution, '-c', $Configuration, '-o', $PackagesDir)
    }
    'clean' {
        Assert-NoExtraArgs
        Write-Step 'clean'
        Invoke-Clean
    }
    default {
        Show-Help
        Write-Host ''
        Write-Host "Unknown target '$Target'." -ForegroundColor Red
        exit 2
    }
}

exit 0
