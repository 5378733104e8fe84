%% oracle.erl - the real BEAM as an oracle for beamsim (issue 7, part 4).
%%
%% erl -noshell -pa DIR -run oracle main SCENARIO.json BEAMSIM TMPDIR
%%
%% 1. Runs beamsim on the scenario and on a set of timing variants of it
%%    (other scheduler counts, slices, balance, work and timer durations
%%    scaled, supervisor periods made infinite).  An outcome (the exit
%%    reason of a process incarnation, the number of incarnations of a
%%    name, a supervisor's restart count and exit reason) that is the same
%%    in every variant does not depend on timing: it is "stable".  The
%%    others depend on a race and are not compared.
%% 2. Runs the scenario on this BEAM: every scenario process is a real
%%    Erlang process, every link, monitor, exit signal and trap_exit flag
%%    is the real one, and every supervisor is a real OTP `supervisor`
%%    (same strategy and intensity; the period is made infinite, which
%%    step 1 checked changes nothing).  The ops are interpreted; see
%%    docs/reliability.md for the mapping.
%% 3. Compares the stable outcomes with the BEAM's.  Prints one line,
%%    "PASS", "FAIL" or "SKIP", then details; halts with 0, 1 or 77.
-module(oracle).
-export([main/1, init/1, start_child/3, proc_init/3]).

-define(U_US, 500).              % one tick is 500 microseconds of real time

%% ------------------------------------------------------------------ main

main([File, Beamsim, TmpDir]) ->
    Code = try run_file(File, Beamsim, TmpDir)
           catch C:R:St ->
                   io:format("FAIL ~s: oracle error ~p:~p~n  ~p~n", [File, C, R, St]),
                   1
           end,
    halt(Code).

run_file(File, Beamsim, TmpDir) ->
    logger:set_primary_config(level, none),
    {ok, Bin} = file:read_file(File),
    Scn = json_decode(Bin),
    Base = Scn,
    Label = filename:basename(File),
    NProc = count_procs(Scn),
    NProc > 300 andalso begin
        io:format("SKIP ~s: ~b processes (the oracle polls mailboxes; it is meant for small systems)~n",
                  [Label, NProc]),
        halt(77)
    end,
    Runs = [run_beamsim(Beamsim, TmpDir, Label, V, Base) || V <- variants()],
    [{_, BaseSum} | _] = Runs,
    Ticks = maps:get(<<"ticks">>, BaseSum),
    if NProc > 300 ->
            io:format("SKIP ~s: ~b processes (the oracle polls mailboxes; it is meant for small systems)~n",
                      [Label, NProc]),
            77;
       Ticks * ?U_US > 15000000 ->
            io:format("SKIP ~s: ~b ticks would take more than 15 s of real time~n", [Label, Ticks]),
            77;
       true ->
            Outcomes = [{L, outcomes(S)} || {L, S} <- Runs],
            {Stable0, Unstable0} = stable(Outcomes),
            End = maps:get(<<"end">>, BaseSum),
            %% At a limit, an exit in the second half of the run is too
            %% close to the limit for a real-time run on a busy machine.
            Late = case End of
                       <<"limit">> ->
                           [{exit, maps:get(<<"name">>, P), maps:get(<<"incarnation">>, P)}
                            || P <- maps:get(<<"processes">>, BaseSum),
                               is_integer(maps:get(<<"exit_tick">>, P)),
                               maps:get(<<"exit_tick">>, P) * 2 > Ticks];
                       _ -> []
                   end,
            Stable = maps:without(Late, Stable0),
            Unstable = maps:merge(Unstable0, maps:from_list([{K, {maps:get(K, Stable0), near_limit}}
                                                            || K <- Late, is_map_key(K, Stable0)])),
            Erl = run_erlang(Scn, Ticks, End),
            compare(Label, Scn, Stable, Unstable, Erl)
    end.

%% ------------------------------------------------------- beamsim variants

variants() ->
    [{base, fun(S) -> S end, []},
     {sched1, fun(S) -> S end, ["--schedulers", "1"]},
     {sched3, fun(S) -> S end, ["--schedulers", "3"]},
     {slice1, fun(S) -> S end, ["--slice", "1"]},
     {slice_big, fun(S) -> S end, ["--slice", "100000"]},
     {balance_none, fun(S) -> S end, ["--balance", "none"]},
     {balance_shared, fun(S) -> S end, ["--balance", "shared"]},
     {work_x3, fun(S) -> scale_until(scale(S, work, 3, 1), 3) end, []},
     {work_div3, fun(S) -> scale(S, work, 1, 3) end, []},
     {time_x3, fun(S) -> scale_until(scale(S, time, 3, 1), 3) end, []},
     {period_inf, fun(S) -> scale(S, period, 1, 1) end, []},
     %% jitter: a few reductions of work before random ops; this shifts
     %% every process against the others by small, different amounts, so
     %% that an outcome that rests on beamsim's exact one-tick signal
     %% latency (a race in a real VM) shows up as unstable.
     {jitter1, fun(S) -> jitter(S, 1) end, []},
     {jitter2, fun(S) -> jitter(S, 2) end, []},
     {jitter3, fun(S) -> jitter(S, 3) end, []},
     {jitter4, fun(S) -> jitter(S, 4) end, ["--schedulers", "1"]}].

jitter(S, Seed) ->
    rand:seed(exsss, {Seed, 17, 4711}),
    S1 = jt(S),
    case S1 of
        #{<<"config">> := C} -> S1#{<<"config">> => C#{<<"until">> => maps:get(<<"until">>, C, 1000000) * 2}};
        _ -> S1
    end.

jt(M) when is_map(M) ->
    maps:map(fun(K, V) when (K =:= <<"program">> orelse K =:= <<"do">>), is_list(V) ->
                     lists:append([case rand:uniform(2) of
                                       1 -> [#{<<"op">> => <<"work">>, <<"reductions">> => rand:uniform(6)}, jt(O)];
                                       2 -> [jt(O)]
                                   end || O <- V]);
                (_, V) -> jt(V)
             end, M);
jt(L) when is_list(L) -> [jt(X) || X <- L];
jt(X) -> X.

run_beamsim(Beamsim, TmpDir, Label, {VL, Fun, Flags}, Scn) ->
    F = filename:join(TmpDir, Label ++ "." ++ atom_to_list(VL) ++ ".json"),
    ok = file:write_file(F, json_encode(Fun(Scn))),
    Cmd = lists:flatten([Beamsim, " run ", F, " --summary - ", lists:join(" ", Flags), " 2>/dev/null"]),
    Out = os:cmd(Cmd),
    Sum = try json_decode(list_to_binary(Out))
          catch _:_ -> error({beamsim_failed, VL, Out})
          end,
    {VL, Sum}.

scale_until(S, K) ->
    C = maps:get(<<"config">>, S, #{}),
    U = maps:get(<<"until">>, C, 1000000),
    S#{<<"config">> => C#{<<"until">> => U * K}}.

%% scale(Scenario, What, Mul, Div): rewrites every duration of one kind.
scale(S, What, M, D) -> sc(S, What, M, D).

sc(#{<<"op">> := Op} = O, W, M, D) when W =:= work, (Op =:= <<"work">> orelse Op =:= <<"native">>),
                                         is_map_key(<<"reductions">>, O) ->
    R = maps:get(<<"reductions">>, O),
    O#{<<"reductions">> => max(1, (R * M + D - 1) div D)};
sc(#{<<"op">> := <<"sleep">>} = O, time, M, D) ->
    O#{<<"ticks">> => maps:get(<<"ticks">>, O) * M div D};
sc(M0, W, M, D) when is_map(M0) ->
    M1 = maps:map(fun(_K, V) -> sc(V, W, M, D) end, M0),
    case W of
        time ->
            M2 = scale_key(<<"at">>, scale_key(<<"start">>, M1, M, D), M, D),
            case M2 of
                #{<<"after">> := #{<<"ticks">> := T} = A} ->
                    M2#{<<"after">> => A#{<<"ticks">> => T * M div D}};
                _ -> M2
            end;
        period ->
            case M1 of
                #{<<"strategy">> := _} -> M1#{<<"period">> => 1000000000000};
                #{<<"children">> := _} -> M1#{<<"period">> => 1000000000000};
                _ -> M1
            end;
        _ -> M1
    end;
sc(L, W, M, D) when is_list(L) -> [sc(X, W, M, D) || X <- L];
sc(X, _, _, _) -> X.

scale_key(K, Map, M, D) ->
    case Map of
        #{K := V} when is_integer(V) -> Map#{K => V * M div D};
        _ -> Map
    end.

%% ------------------------------------------------------------- outcomes

%% Outcomes of a beamsim summary: a map from key to value.
%%   {exit, Name, Incarnation} => Reason (binary) | alive
%%   {incarnations, Name}      => N
%%   {sup, Name, Nth}          => {Restarts, Reason | alive}
outcomes(Sum) ->
    Ps = maps:get(<<"processes">>, Sum),
    M1 = lists:foldl(
           fun(P, Acc) ->
                   N = maps:get(<<"name">>, P),
                   I = maps:get(<<"incarnation">>, P),
                   R = case maps:get(<<"exit_reason">>, P) of null -> alive; X -> X end,
                   Acc1 = Acc#{{exit, N, I} => R},
                   C = maps:get({incarnations, N}, Acc1, 0),
                   Acc1#{{incarnations, N} => max(C, I)}
           end, #{}, Ps),
    {M2, _} = lists:foldl(
                fun(S, {Acc, Seen}) ->
                        N = maps:get(<<"name">>, S),
                        K = maps:get(N, Seen, 0) + 1,
                        R = case maps:get(<<"exit_reason">>, S) of null -> alive; X -> X end,
                        {Acc#{{sup, N, K} => {maps:get(<<"restarts">>, S), R}}, Seen#{N => K}}
                end, {M1, #{}}, maps:get(<<"supervisors">>, Sum, [])),
    M2.

stable([{_, Base} | Rest]) ->
    maps:fold(
      fun(K, V, {St, Un}) ->
              Diff = [{L, maps:get(K, O, missing)} || {L, O} <- Rest, maps:get(K, O, missing) =/= V],
              case Diff of
                  [] -> {St#{K => V}, Un};
                  _ -> {St, Un#{K => {V, Diff}}}
              end
      end, {#{}, #{}}, Base).

%% ------------------------------------------------------------- compare

compare(Label, Scn, Stable, Unstable, Erl) ->
    Trapping = trapping_names(Scn),
    Res = maps:fold(
            fun(K, V, Acc) ->
                    E = maps:get(K, Erl, missing),
                    if E =:= V -> [{agree, K, V, E} | Acc];
                       true ->
                            case known(K, V, E, Trapping) of
                                false -> [{disagree, K, V, E} | Acc];
                                Why -> [{known, K, V, E, Why} | Acc]
                            end
                    end
            end, [], Stable),
    NA = length([x || {agree, _, _, _} <- Res]),
    ND = [R || {disagree, _, _, _} = R <- Res],
    NK = [R || {known, _, _, _, _} = R <- Res],
    Verdict = case ND of [] -> "PASS"; _ -> "FAIL" end,
    io:format("~s ~s: ~b compared, ~b agree, ~b disagree, ~b known simplification, "
              "~b timing-dependent (not compared)~n",
              [Verdict, Label, maps:size(Stable), NA, length(ND), length(NK), maps:size(Unstable)]),
    [io:format("  DISAGREE ~s: beamsim ~s, erl ~s~n", [fmt_key(K), fmt_val(V), fmt_val(E)])
     || {disagree, K, V, E} <- lists:sort(ND)],
    [io:format("  known    ~s: beamsim ~s, erl ~s (~s)~n", [fmt_key(K), fmt_val(V), fmt_val(E), W])
     || {known, K, V, E, W} <- lists:sort(NK)],
    case os:getenv("ORACLE_VERBOSE") of
        false -> ok;
        _ ->
            [io:format("  agree    ~s: ~s~n", [fmt_key(K), fmt_val(V)]) || {agree, K, V, _} <- lists:sort(Res)],
            [io:format("  skipped  ~s: base ~s, ~p~n", [fmt_key(K), fmt_val(V), D])
             || {K, {V, D}} <- lists:sort(maps:to_list(Unstable))]
    end,
    case ND of [] -> 0; _ -> 1 end.

%% Differences that docs/how-beam-schedules.md lists as beamsim simplifications.
known({exit, N, _}, <<"shutdown">>, E, Trapping) when E =/= <<"shutdown">> ->
    case lists:member(N, Trapping) of
        true -> "a supervisor's shutdown of a trapping child is immediate in beamsim; "
                "OTP sends shutdown and kills after the shutdown timeout";
        false -> false
    end;
known(_, _, _, _) -> false.

fmt_key({exit, N, I}) -> io_lib:format("exit reason of ~s#~b", [N, I]);
fmt_key({incarnations, N}) -> io_lib:format("incarnations of ~s", [N]);
fmt_key({sup, N, I}) -> io_lib:format("supervisor ~s#~b {restarts, exit reason}", [N, I]).

fmt_val(B) when is_binary(B) -> B;
fmt_val(X) -> io_lib:format("~p", [X]).

%% Names of processes that may trap exits (a trap_exit key or op anywhere).
trapping_names(Scn) ->
    Tmpl = maps:get(<<"templates">>, Scn, #{}),
    Entries = all_entries(Scn),
    lists:usort(lists:append(
                  [names_of(R) || E <- Entries,
                                  R <- [resolve(E, Tmpl)],
                                  maps:get(<<"trap_exit">>, R, false) =:= true
                                      orelse has_trap_op(maps:get(<<"program">>, R, []))]))
        ++ spawned_trapping(Scn, Tmpl).

spawned_trapping(Scn, Tmpl) ->
    %% spawn ops: names made from templates that trap
    Ops = all_ops(Scn),
    lists:append(
      [spawn_names(O) || #{<<"op">> := <<"spawn">>, <<"template">> := T} = O <- Ops,
                         begin
                             R = resolve(#{<<"template">> => T}, Tmpl),
                             maps:get(<<"trap_exit">>, R, false) =:= true
                                 orelse has_trap_op(maps:get(<<"program">>, R, []))
                         end]).

has_trap_op(Ops) -> lists:any(fun(O) -> O =:= trap end, [classify(X) || X <- flat_ops(Ops)]).
classify(#{<<"op">> := <<"trap_exit">>} = O) ->
    case maps:get(<<"value">>, O, true) of true -> trap; _ -> no end;
classify(_) -> no.

flat_ops(Ops) when is_list(Ops) ->
    lists:append([[O | sub_ops(O)] || O <- Ops]);
flat_ops(_) -> [].
sub_ops(#{<<"op">> := <<"loop">>} = O) -> flat_ops(maps:get(<<"do">>, O, []));
sub_ops(#{<<"op">> := <<"receive">>} = O) ->
    lists:append([flat_ops(maps:get(<<"do">>, C, [])) || C <- maps:get(<<"cases">>, O, [])])
        ++ case O of #{<<"after">> := A} -> flat_ops(maps:get(<<"do">>, A, [])); _ -> [] end;
sub_ops(_) -> [].

all_ops(Scn) ->
    Tmpl = maps:get(<<"templates">>, Scn, #{}),
    lists:append([flat_ops(maps:get(<<"program">>, resolve(E, Tmpl), [])) || E <- all_entries(Scn)])
        ++ lists:append([flat_ops(maps:get(<<"program">>, T, [])) || T <- maps:values(Tmpl)]).

all_entries(Scn) ->
    Tmpl = maps:get(<<"templates">>, Scn, #{}),
    Top = maps:get(<<"processes">>, Scn, []),
    TL = [maps:get(<<"process">>, D) || #{<<"do">> := #{<<"process">> := _} = D} <- maps:get(<<"timeline">>, Scn, [])],
    lists:append([entry_tree(E, Tmpl) || E <- Top ++ TL]).

entry_tree(E, Tmpl) ->
    R = resolve(E, Tmpl),
    case R of
        #{<<"supervisor">> := S} ->
            [E | lists:append([entry_tree(C, Tmpl) || C <- maps:get(<<"children">>, S, [])])];
        _ -> [E]
    end.

names_of(E) ->
    N = maps:get(<<"name">>, E),
    case maps:get(<<"count">>, E, none) of
        none -> [N];
        C -> [iolist_to_binary([N, "_", integer_to_list(I)]) || I <- lists:seq(1, C)]
    end.

spawn_names(O) ->
    As = maps:get(<<"as">>, O, maps:get(<<"template">>, O)),
    case maps:get(<<"count">>, O, none) of
        none -> [As];
        C -> [iolist_to_binary([As, "_", integer_to_list(I)]) || I <- lists:seq(1, C)]
    end.

count_procs(Scn) -> length(lists:append([names_of(E) || E <- all_entries(Scn)])).

%% Template resolution: the entry's own keys override the template chain's.
resolve(#{<<"template">> := T} = E, Tmpl) ->
    Base = resolve(maps:get(T, Tmpl), Tmpl),
    maps:merge(maps:remove(<<"template">>, Base), maps:remove(<<"template">>, E));
resolve(E, _) -> E.

%% =================================================== running on the BEAM

%% Registry (ETS, public):
%%   oracle_names: Name => Pid, the newest process with that name
%%   oracle_pids:  Pid => Name
%% The collector (registered oracle_col) monitors every process it is told
%% about, numbers the incarnations of each name, and records exit reasons
%% and supervisor restarts.

run_erlang(Scn, Ticks, End) ->
    process_flag(trap_exit, true),
    ets:new(oracle_names, [named_table, public, set]),
    ets:new(oracle_pids, [named_table, public, set]),
    ets:new(oracle_conf, [named_table, public, set]),
    ets:new(oracle_blocked, [named_table, public, set]),
    Tmpl = maps:get(<<"templates">>, Scn, #{}),
    ets:insert(oracle_conf, [{templates, Tmpl}, {links, maps:get(<<"links">>, Scn, [])},
                             {spin, calibrate()}]),
    Col = spawn_link(fun() -> collector(#{}, #{}, #{}, #{}) end),
    register(oracle_col, Col),
    T0 = erlang:monotonic_time(millisecond),
    ets:insert(oracle_conf, {t0, T0}),
    %% Top-level processes start at their `start` tick; timeline events at
    %% their `at`.  One driver process does both, in tick then file order
    %% (processes of a tick before... beamsim: timeline events first, then
    %% starts: how-beam-schedules.md "Order inside a tick boundary").
    Top = maps:get(<<"processes">>, Scn),
    TL = maps:get(<<"timeline">>, Scn, []),
    Evs = lists:keysort(1, [{maps:get(<<"at">>, T), 0, I, {event, maps:get(<<"do">>, T)}}
                            || {I, T} <- lists:enumerate(TL)]
                           ++ [{maps:get(<<"start">>, P, 0), 1, I, {start, P}}
                               || {I, P} <- lists:enumerate(Top)]),
    Evs1 = lists:sort(fun({A, B, C, _}, {D, E, F, _}) -> {A, B, C} =< {D, E, F} end,
                      [Ev || {At, _, _, _} = Ev <- Evs, End =/= <<"limit">> orelse At < Ticks]),
    Self = self(),
    Driver = spawn(fun() -> driver(Evs1, T0, Tmpl), Self ! driver_done, receive after infinity -> ok end end),
    ets:insert(oracle_pids, {Driver, <<>>}),
    wait_end(End, T0, Ticks, false, 0),
    Col ! {report, self()},
    receive {report, R} -> R end.

%% How long the BEAM runs.  At a `limit` end, exactly as long as beamsim
%% (until ticks): what is compared is the state at the limit.  At an
%% `all_exited` or `deadlock` end, until every process has exited, or
%% until the system is quiescent (every live process blocked in a receive
%% without `after` and nothing left on the timeline), seen twice in a row;
%% with a generous cap, because the BEAM may have fewer cores than the
%% scenario's schedulers and the machine may be busy.
wait_end(<<"limit">>, T0, Ticks, _, _) ->
    Due = T0 + ms(Ticks),
    Now = erlang:monotonic_time(millisecond),
    if Due > Now -> timer:sleep(Due - Now); true -> ok end;
wait_end(End, T0, Ticks, DriverDone, Quiet) ->
    Now = erlang:monotonic_time(millisecond),
    Cap = T0 + 10 * ms(Ticks) + 3000,
    if Now >= Cap -> ok;
       true ->
            receive
                driver_done -> wait_end(End, T0, Ticks, true, 0)
            after 20 ->
                    case DriverDone of
                        false -> wait_end(End, T0, Ticks, DriverDone, 0);
                        true ->
                            oracle_col ! {quiet, self()},
                            receive {quiet, Q} -> ok end,
                            case Q of
                                all_exited -> timer:sleep(20);
                                quiescent when Quiet >= 2 -> ok;
                                quiescent -> wait_end(End, T0, Ticks, true, Quiet + 1);
                                busy -> wait_end(End, T0, Ticks, true, 0)
                            end
                    end
            end
    end.

ms(Ticks) -> (Ticks * ?U_US + 999) div 1000.

calibrate() ->
    %% iterations of spin/1 per tick
    N = 2000000,
    {T, _} = timer:tc(fun() -> spin(N) end),
    max(1, (N * ?U_US) div max(1, T)).

spin(0) -> ok;
spin(N) -> spin(N - 1).

driver([], _, _) -> ok;
driver([{At, _, _, _} | _] = Evs, T0, Tmpl) ->
    Due = T0 + ms(At),
    Now = erlang:monotonic_time(millisecond),
    if Due > Now -> timer:sleep(Due - Now); true -> ok end,
    {Now1, Later} = lists:splitwith(fun({A, _, _, _}) -> A =:= At end, Evs),
    group(fun() -> [driver_event(W) || {_, _, _, W} <- Now1] end),
    driver(Later, T0, Tmpl).

driver_event(What) ->
    case What of
        {start, P} -> start_entries(P, none);
        {event, #{<<"op">> := <<"send">>} = D} ->
            case lookup(maps:get(<<"to">>, D)) of
                none -> ok;
                Pid -> Pid ! {oracle_msg, none, maps:get(<<"message">>, D)}
            end;
        {event, #{<<"op">> := <<"exit">>} = D} ->
            case lookup(maps:get(<<"to">>, D)) of
                none -> ok;
                Pid -> exit(Pid, reason(maps:get(<<"reason">>, D, <<"normal">>)))
            end;
        {event, #{<<"op">> := <<"spawn">>, <<"process">> := P}} -> start_entries(P, none);
        {event, #{<<"op">> := <<"spawn">>} = D} ->
            As = maps:get(<<"as">>, D, maps:get(<<"template">>, D)),
            E = case D of
                    #{<<"count">> := C} -> #{<<"template">> => maps:get(<<"template">>, D),
                                              <<"name">> => As, <<"count">> => C};
                    _ -> #{<<"template">> => maps:get(<<"template">>, D), <<"name">> => As}
                end,
            start_entries(E, none)
    end.

lookup(Name) ->
    case ets:lookup(oracle_names, Name) of
        [{_, Pid}] -> Pid;
        [] -> none
    end.

reason(B) when is_binary(B) -> binary_to_atom(B, utf8).

%% Starts the processes of an entry (count copies), unlinked, with no
%% parent: top-level and timeline processes.
start_entries(E0, Parent) ->
    Tmpl = conf(templates),
    E = resolve(E0, Tmpl),
    [case E of
         #{<<"supervisor">> := _} ->
             %% started by a helper that then ends, so that no live process
             %% is the supervisor's parent (beamsim: top-level processes
             %% have no parent)
             Me = self(),
             H = spawn(fun() -> Me ! {self(), group(fun() -> spawn_one(E#{<<"name">> => N}, Parent, []) end)} end),
             receive {H, Pid} -> Pid end;
         _ -> spawn_one(E#{<<"name">> => N}, Parent, [])
     end || N <- names_of(E)].

conf(K) -> [{_, V}] = ets:lookup(oracle_conf, K), V.

%% Spawns one process for a resolved entry with a name, from the calling
%% process; Opts may hold link and monitor.  Returns the pid once it is
%% registered and running.
spawn_one(#{<<"supervisor">> := _} = E, Parent, Opts) ->
    {ok, Pid} = supervisor:start_link(?MODULE, {sup, E, Parent}),
    case lists:member(link, Opts) of true -> ok; false -> unlink(Pid) end,
    case lists:member(monitor, Opts) of true -> erlang:monitor(process, Pid); false -> ok end,
    Pid;
spawn_one(E, Parent, Opts) ->
    Pid = case lists:member(monitor, Opts) of
              true -> {P, _} = spawn_opt(?MODULE, proc_init, [E, Parent, self()], Opts), P;
              false -> spawn_opt(?MODULE, proc_init, [E, Parent, self()], Opts)
          end,
    register_pid(Pid, maps:get(<<"name">>, E)),
    case get(oracle_defer) of
        undefined -> Pid ! oracle_go;
        L -> put(oracle_defer, [Pid | L])
    end,
    Pid.

%% Processes that beamsim creates at one tick boundary (the top-level
%% processes and timeline spawns of one tick, the copies of one spawn op)
%% all exist before any of them runs: spawn and register them all, then
%% let them go.
group(Fun) ->
    put(oracle_defer, []),
    R = Fun(),
    Pids = lists:reverse(get(oracle_defer)),
    erase(oracle_defer),
    [P ! oracle_go || P <- Pids],
    R.

register_pid(Pid, Name) -> register_pid(Pid, Name, proc).

register_pid(Pid, Name, Kind) ->
    Ref = make_ref(),
    oracle_col ! {reg, Pid, Name, Kind, self(), Ref},
    receive {Ref, ok} -> ok end.

proc_init(E, Parent, _Spawner) ->
    case maps:get(<<"trap_exit">>, E, false) of
        true -> process_flag(trap_exit, true);
        false -> ok
    end,
    case maps:get(<<"priority">>, E, <<"normal">>) of
        <<"max">> -> process_flag(priority, high);
        P -> process_flag(priority, binary_to_atom(P, utf8))
    end,
    receive oracle_go -> ok end,
    do_links(maps:get(<<"name">>, E)),
    put(oracle_parent, Parent),
    put(oracle_sender, none),
    run_ops(maps:get(<<"program">>, E, [])),
    exit(normal).

%% Top-level `links`, as beamsim makes them (sched.c): each pair once, when
%% both names exist for the first time, by the later of the two; if one of
%% them has already exited the pair is dropped without a signal.
do_links(Me) ->
    [case lookup(Other) of
         none -> ok;
         Pid when Pid =:= self() -> ok;
         Pid ->
             case ets:insert_new(oracle_conf, {{link_done, I}, true}) of
                 true ->
                     is_process_alive(Pid) andalso
                         (try link(Pid) catch error:noproc -> true end);
                 false -> ok
             end
     end || {I, [A, B]} <- lists:enumerate(conf(links)), {X, Other} <- [{A, B}, {B, A}], X =:= Me].

%% ------------------------------------------------------------ the ops

run_ops([]) -> ok;
run_ops([Op | Rest]) -> op(Op), run_ops(Rest).

op(#{<<"op">> := <<"work">>, <<"reductions">> := N}) -> spin(N * conf(spin));
op(#{<<"op">> := <<"native">>, <<"reductions">> := N}) -> spin(N * conf(spin));
op(#{<<"op">> := <<"send">>, <<"to">> := T, <<"message">> := M}) ->
    case target(T) of
        none -> ok;
        Pid -> Pid ! {oracle_msg, self(), M}
    end;
op(#{<<"op">> := <<"receive">>} = O) -> do_receive(O);
op(#{<<"op">> := <<"spawn">>, <<"template">> := T} = O) ->
    Tmpl = conf(templates),
    E = resolve(#{<<"template">> => T}, Tmpl),
    Opts = [link || maps:get(<<"link">>, O, false)] ++ [monitor || maps:get(<<"monitor">>, O, false)],
    group(fun() -> [spawn_one(E#{<<"name">> => N}, self(), Opts) || N <- spawn_names(O)] end),
    ok;
op(#{<<"op">> := <<"link">>, <<"to">> := T}) ->
    case target_or_ghost(T) of
        Me when Me =:= self() -> ok;
        Pid -> link(Pid)
    end;
op(#{<<"op">> := <<"unlink">>, <<"to">> := T}) ->
    case target(T) of
        none -> ok;
        Pid -> unlink(Pid)
    end;
op(#{<<"op">> := <<"monitor">>, <<"to">> := T}) ->
    erlang:monitor(process, target_or_ghost(T));
op(#{<<"op">> := <<"trap_exit">>} = O) ->
    process_flag(trap_exit, maps:get(<<"value">>, O, true));
op(#{<<"op">> := <<"sleep">>, <<"ticks">> := T}) -> timer:sleep(ms(T));
op(#{<<"op">> := <<"crash">>} = O) ->
    %% exit/1 rather than error/1: same signals, without the stack trace
    %% that would make the reason {badarith, Stack}.
    exit(reason(maps:get(<<"reason">>, O, <<"error">>)));
op(#{<<"op">> := <<"exit">>, <<"to">> := T} = O) ->
    case target(T) of
        none -> ok;
        Pid -> exit(Pid, reason(maps:get(<<"reason">>, O, <<"normal">>)))
    end;
op(#{<<"op">> := <<"exit">>} = O) ->
    exit(reason(maps:get(<<"reason">>, O, <<"normal">>)));
op(#{<<"op">> := <<"loop">>, <<"times">> := <<"forever">>, <<"do">> := Do} = O) ->
    run_ops(Do), op(O);
op(#{<<"op">> := <<"loop">>, <<"times">> := N, <<"do">> := Do}) ->
    [run_ops(Do) || _ <- lists:seq(1, N)], ok.

target(<<"self">>) -> self();
target(<<"parent">>) -> get(oracle_parent);
target(<<"sender">>) -> get(oracle_sender);
target(Name) -> lookup(Name).

%% For link and monitor of a name that has no process (yet): a dead
%% process registered under that name, so that the noproc signal names it.
target_or_ghost(T) ->
    case target(T) of
        none ->
            Ghost = spawn(fun() -> ok end),
            Ref = erlang:monitor(process, Ghost),
            receive {'DOWN', Ref, _, _, _} -> ok end,
            ets:insert(oracle_pids, {Ghost, case T of <<"parent">> -> <<>>; <<"sender">> -> <<>>; _ -> T end}),
            Ghost;
        Pid -> Pid
    end.

%% Selective receive, interpreted: peek at the mailbox, take the oldest
%% message that matches a case (cases in order for each message), else
%% wait for more (polling every millisecond) or for the `after` time-out.
do_receive(O) ->
    Cases = case maps:get(<<"cases">>, O, none) of
                none -> [#{<<"match">> => <<"_">>}];
                Cs -> Cs
            end,
    Deadline = case maps:get(<<"after">>, O, none) of
                   none -> infinity;
                   A -> erlang:monotonic_time(millisecond) + ms(maps:get(<<"ticks">>, A))
               end,
    recv_loop(Cases, Deadline, maps:get(<<"after">>, O, none)).

recv_loop(Cases, Deadline, After) ->
    %% process_info(self(), messages) shows only the messages already
    %% fetched from the signal queue (OTP 25); a receive fetches them all.
    receive '$oracle_never' -> ok after 0 -> ok end,
    {messages, Ms} = process_info(self(), messages),
    case first_match(Ms, Cases) of
        {Msg, Case} ->
            ets:delete(oracle_blocked, self()),
            receive Msg -> ok end,
            put(oracle_sender, msg_sender(Msg)),
            run_ops(maps:get(<<"do">>, Case, []));
        none ->
            Now = erlang:monotonic_time(millisecond),
            if Deadline =/= infinity, Now >= Deadline ->
                    run_ops(maps:get(<<"do">>, After, []));
               true ->
                    Deadline =:= infinity andalso ets:insert(oracle_blocked, {self(), true}),
                    receive after 1 -> ok end,
                    recv_loop(Cases, Deadline, After)
            end
    end.

first_match([], _) -> none;
first_match([M | Rest], Cases) ->
    V = msg_view(M),
    case [C || C <- Cases, V =/= skip, match(maps:get(<<"match">>, C), V)] of
        [C | _] -> {M, C};
        [] -> first_match(Rest, Cases)
    end.

msg_view({oracle_msg, _, V}) -> V;
msg_view({'EXIT', P, R}) -> [<<"EXIT">>, pid_name(P), reason_bin(R)];
msg_view({'DOWN', _, process, P, R}) -> [<<"DOWN">>, pid_name(P), reason_bin(R)];
msg_view(_) -> skip.

msg_sender({oracle_msg, F, _}) -> F;
msg_sender({'EXIT', P, _}) -> P;
msg_sender({'DOWN', _, process, P, _}) -> P;
msg_sender(_) -> none.

pid_name(P) ->
    case ets:lookup(oracle_pids, P) of
        [{_, N}] -> N;
        [] -> <<>>
    end.

reason_bin(R) when is_atom(R) -> atom_to_binary(R, utf8);
%% An error raised by a BIF (link/1 to a dead process raises noproc) ends
%% the process with {Reason, Stack}; beamsim has no stacks.
reason_bin({R, [{_, _, _, _} | _]}) when is_atom(R) -> atom_to_binary(R, utf8);
reason_bin(R) -> iolist_to_binary(io_lib:format("~p", [R])).

match(<<"_">>, _) -> true;
match(P, V) when is_list(P), is_list(V), length(P) =:= length(V) ->
    lists:all(fun({A, B}) -> match(A, B) end, lists:zip(P, V));
match(P, V) when is_map(P), is_map(V) ->
    maps:fold(fun(K, PV, Acc) -> Acc andalso is_map_key(K, V) andalso match(PV, maps:get(K, V)) end,
              true, P);
match(P, V) when is_number(P), is_number(V) -> P == V;
match(P, V) -> P =:= V.

%% ------------------------------------------------------- supervisors

init({sup, E, Parent}) ->
    register_pid(self(), maps:get(<<"name">>, E), sup),
    do_links(maps:get(<<"name">>, E)),
    put(oracle_parent, Parent),
    S = maps:get(<<"supervisor">>, E),
    Strategy = binary_to_atom(maps:get(<<"strategy">>, S, <<"one_for_one">>), utf8),
    Tmpl = conf(templates),
    Children = lists:append(
                 [[(resolve(C, Tmpl))#{<<"name">> => N} || N <- names_of(resolve(C, Tmpl))]
                  || C <- maps:get(<<"children">>, S)]),
    Specs = [#{id => I,
               start => {?MODULE, start_child, [C, I, Strategy]},
               restart => binary_to_atom(maps:get(<<"restart">>, C, <<"permanent">>), utf8),
               shutdown => case C of #{<<"supervisor">> := _} -> infinity; _ -> 200 end,
               type => case C of #{<<"supervisor">> := _} -> supervisor; _ -> worker end}
             || {I, C} <- lists:enumerate(Children)],
    %% The period is made (almost) infinite; beamsim's outcome is only
    %% compared when its period_inf variant agrees with the original.
    {ok, {#{strategy => Strategy, intensity => maps:get(<<"intensity">>, S, 1),
            period => 1000000}, Specs}}.

%% Runs in the supervisor process.  A start of a child id that has started
%% before is part of a restart; one restart (OTP's add_restart) may start
%% several children, in start order, so a new restart begins when the
%% strategy is one_for_one or the child index does not increase.
start_child(C, I, Strategy) ->
    Started = case get(oracle_started) of undefined -> #{}; S -> S end,
    Last = case get(oracle_last) of undefined -> 0; L -> L end,
    case is_map_key(I, Started) of
        true when Strategy =:= one_for_one; I =< Last -> oracle_col ! {restart, self()};
        _ -> ok
    end,
    put(oracle_started, Started#{I => true}),
    put(oracle_last, I),
    {ok, spawn_one(C, self(), [link])}.

%% ---------------------------------------------------------- collector

collector(Procs, Incs, Restarts, Order) ->
    receive
        {reg, Pid, Name, Kind, From, Ref} ->
            Kind =:= sup andalso put({is_sup, Pid}, true),
            erlang:monitor(process, Pid),
            ets:insert(oracle_names, {Name, Pid}),
            ets:insert(oracle_pids, {Pid, Name}),
            I = maps:get(Name, Incs, 0) + 1,
            From ! {Ref, ok},
            collector(Procs#{Pid => {Name, I, alive}}, Incs#{Name => I}, Restarts,
                      Order#{Pid => maps:size(Order)});
        {'DOWN', _, process, Pid, R} ->
            case Procs of
                #{Pid := {N, I, alive}} -> collector(Procs#{Pid => {N, I, R}}, Incs, Restarts, Order);
                _ -> collector(Procs, Incs, Restarts, Order)
            end;
        {restart, Sup} ->
            collector(Procs, Incs, Restarts#{Sup => maps:get(Sup, Restarts, 0) + 1}, Order);
        {quiet, From} ->
            Alive = [P || {P, {_, _, alive}} <- maps:to_list(Procs)],
            Q = if Alive =:= [] -> all_exited;
                   true ->
                        case lists:all(fun(P) -> blocked(P) end, Alive) of
                            true -> quiescent;
                            false -> busy
                        end
                end,
            From ! {quiet, Q},
            collector(Procs, Incs, Restarts, Order);
        {report, From} ->
            Sups = sup_pids(),
            M1 = maps:fold(
                   fun(_Pid, {N, I, R}, Acc) ->
                           V = case R of alive -> alive; _ -> reason_bin(R) end,
                           Acc1 = Acc#{{exit, N, I} => V},
                           Acc1#{{incarnations, N} => max(I, maps:get({incarnations, N}, Acc1, 0))}
                   end, #{}, Procs),
            %% supervisors: {sup, Name, Nth} in pid registration order
            SupList = lists:sort([{maps:get(P, Order), P} || P <- maps:keys(Procs), lists:member(P, Sups)]),
            {M2, _} = lists:foldl(
                        fun({_, P}, {Acc, Seen}) ->
                                {N, _, R} = maps:get(P, Procs),
                                K = maps:get(N, Seen, 0) + 1,
                                V = case R of alive -> alive; _ -> reason_bin(R) end,
                                {Acc#{{sup, N, K} => {maps:get(P, Restarts, 0), V}}, Seen#{N => K}}
                        end, {M1, #{}}, SupList),
            From ! {report, M2}
    end.

%% A live process is blocked for good if it waits in a receive without
%% `after` (its flag in oracle_blocked) or is an idle supervisor.
blocked(P) ->
    case get({is_sup, P}) of
        true ->
            case erlang:process_info(P, [status, message_queue_len]) of
                [{status, waiting}, {message_queue_len, 0}] -> true;
                undefined -> true;
                _ -> false
            end;
        _ -> ets:member(oracle_blocked, P)
    end.

sup_pids() -> [P || {{is_sup, P}, true} <- get()].

%% ------------------------------------------------------------- JSON

json_decode(Bin) ->
    {V, Rest} = jv(skip_ws(Bin)),
    <<>> = skip_ws(Rest),
    V.

skip_ws(<<C, R/binary>>) when C =:= $\s; C =:= $\t; C =:= $\n; C =:= $\r -> skip_ws(R);
skip_ws(B) -> B.

jv(<<${, R/binary>>) -> jobj(skip_ws(R), #{});
jv(<<$[, R/binary>>) -> jarr(skip_ws(R), []);
jv(<<$", R/binary>>) -> jstr(R, []);
jv(<<"true", R/binary>>) -> {true, R};
jv(<<"false", R/binary>>) -> {false, R};
jv(<<"null", R/binary>>) -> {null, R};
jv(B) -> jnum(B, []).

jobj(<<$}, R/binary>>, M) -> {M, R};
jobj(B, M) ->
    {K, R1} = jv(B),
    <<$:, R2/binary>> = skip_ws(R1),
    {V, R3} = jv(skip_ws(R2)),
    case skip_ws(R3) of
        <<$,, R4/binary>> -> jobj(skip_ws(R4), M#{K => V});
        <<$}, R4/binary>> -> {M#{K => V}, R4}
    end.

jarr(<<$], R/binary>>, Acc) -> {lists:reverse(Acc), R};
jarr(B, Acc) ->
    {V, R1} = jv(B),
    case skip_ws(R1) of
        <<$,, R2/binary>> -> jarr(skip_ws(R2), [V | Acc]);
        <<$], R2/binary>> -> {lists:reverse([V | Acc]), R2}
    end.

jstr(<<$", R/binary>>, Acc) -> {unicode:characters_to_binary(lists:reverse(Acc)), R};
jstr(<<$\\, $u, H:4/binary, R/binary>>, Acc) ->
    C = binary_to_integer(H, 16),
    case {C, R} of
        {Hi, <<$\\, $u, L:4/binary, R2/binary>>} when Hi >= 16#D800, Hi =< 16#DBFF ->
            Lo = binary_to_integer(L, 16),
            jstr(R2, [16#10000 + ((Hi - 16#D800) bsl 10) + (Lo - 16#DC00) | Acc]);
        _ -> jstr(R, [C | Acc])
    end;
jstr(<<$\\, E, R/binary>>, Acc) ->
    C = case E of $n -> $\n; $t -> $\t; $r -> $\r; $b -> $\b; $f -> $\f; X -> X end,
    jstr(R, [C | Acc]);
jstr(B, Acc) ->
    Len = utf8_len(B),
    [C | _] = unicode:characters_to_list(binary:part(B, 0, Len)),
    R = binary:part(B, Len, byte_size(B) - Len),
    jstr(R, [C | Acc]).

utf8_len(<<C, _/binary>>) when C < 16#80 -> 1;
utf8_len(<<C, _/binary>>) when C >= 16#F0 -> 4;
utf8_len(<<C, _/binary>>) when C >= 16#E0 -> 3;
utf8_len(_) -> 2.

jnum(<<C, R/binary>>, Acc) when C >= $0, C =< $9; C =:= $-; C =:= $+; C =:= $.; C =:= $e; C =:= $E ->
    jnum(R, [C | Acc]);
jnum(R, Acc) ->
    S = lists:reverse(Acc),
    V = case lists:any(fun(C) -> lists:member(C, ".eE") end, S) of
            false -> list_to_integer(S);
            true ->
                S1 = case lists:member($., S) of
                         true -> S;
                         false -> %% "1e5" -> "1.0e5"
                             {M, Ex} = lists:splitwith(fun(C) -> C =/= $e andalso C =/= $E end, S),
                             M ++ ".0" ++ Ex
                     end,
                list_to_float(S1)
        end,
    {V, R}.

json_encode(V) -> iolist_to_binary(je(V)).

je(true) -> "true";
je(false) -> "false";
je(null) -> "null";
je(I) when is_integer(I) -> integer_to_list(I);
je(F) when is_float(F) -> float_to_list(F, [short]);
je(B) when is_binary(B) -> [$", [esc(C) || C <- unicode:characters_to_list(B)], $"];
je(L) when is_list(L) -> [$[, lists:join($,, [je(X) || X <- L]), $]];
je(M) when is_map(M) ->
    [${, lists:join($,, [[je(K), $:, je(V)] || {K, V} <- lists:sort(maps:to_list(M))]), $}].

esc($") -> "\\\"";
esc($\\) -> "\\\\";
esc(C) when C < 32 -> io_lib:format("\\u~4.16.0b", [C]);
esc(C) -> unicode:characters_to_binary([C]).
