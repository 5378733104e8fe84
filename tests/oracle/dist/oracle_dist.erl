%% oracle_dist.erl - a beamsim scenario with config.nodes run on real
%% distributed Erlang (issue 16), and the outcomes of both sides as lines.
%%
%%   erl -sname ctl_S -hidden ... -run oracle_dist run CASE.json EBIN SUFFIX OUT
%%   erl -noshell -run oracle_dist summary SUMMARY.json
%%
%% `run` starts one peer node per config.nodes entry (NAME_SUFFIX@host,
%% dist_auto_connect once, prevent_overlapping_partitions false), runs the
%% scenario on them in real time (one tick = OD_TICK_MS ms, default 2) and
%% writes its outcomes to OUT (OD_PEER_ARGS: more erl arguments for the
%% peers, e.g. "-kernel dist_auto_connect true" to see a partition leak); `summary` prints the same outcomes of a beamsim
%% summary.  Both print sorted lines, so the comparison is a diff:
%%
%%   exit NAME#I REASON          exit reason of incarnation I, or alive
%%   node NAME#I NODE            the node incarnation I ran on
%%   incarnations NAME N
%%   supervisor NAME#I RESTARTS REASON
%%
%% What a process received (DOWN, nodedown, EXIT) is compared through the
%% exit reasons the case's programs choose for it.  A process on a node
%% that halts has no exit reason on the BEAM (it is just gone): its line
%% says `halted` (GONE), and so does a beamsim summary entry with
%% "halted_tick" (exit_reason null: not alive, gone with its node).
%%
%% How the scenario maps to real nodes (docs/reliability.md, "Distribution
%% (issue 16)"): node_down = erlang:halt/1 on the node; node_up = a new peer
%% under the same name, then its top-level processes (the boot time is
%% taken off the driver's clock); partition = every
%% pair of nodes in different groups calls erlang:disconnect_node/1 (with
%% dist_auto_connect once nothing reconnects by itself); heal =
%% net_kernel:connect_node/1 between every pair of up nodes.  Names are
%% global: a directory process on the (hidden, never partitioned)
%% controller maps names to pids; the message itself travels over the real
%% connection, so it is dropped when the nodes are apart.  Every scenario
%% process is watched by an agent on its own node, which reports its exit
%% reason to the directory.
%%
%% Supported: processes (count, node, trap_exit, links, start), templates,
%% supervisors (one level; children with node / nodes), ops work, native,
%% sleep, send (to a name, self, parent or sender), receive (cases, after), spawn (template or process, as,
%% count, node, link, monitor), link, unlink, monitor, monitor_node,
%% trap_exit, exit (with or without to), crash, loop; timeline send, exit,
%% node_down, node_up, partition, heal.  Anything else: "SKIP ..." and
%% exit 77. 
-module(oracle_dist).
-behaviour(supervisor).
-export([run/1, summary/1, outcomes_file/1]).
-export([init/1, agent/1, proc_init/3, start_child/2, start_top_sup/2]).

-define(GONE, <<"halted">>).             % a process whose node halted
-define(CALL_MS, 2000).                  % bound on every internal call

%% ----------------------------------------------------------------- run

run([File, Ebin, Suffix, OutFile]) ->
    process_flag(trap_exit, true),
    process_flag(priority, high),
    Scn = decode(File),
    case unsupported(Scn) of
        [] -> ok;
        Why -> io:format("SKIP ~s: ~s~n", [File, Why]), halt(77)
    end,
    Conf = maps:get(<<"config">>, Scn, #{}),
    TickMs = list_to_integer(os:getenv("OD_TICK_MS", "2")),
    Nodes = [maps:get(<<"name">>, N) || N <- maps:get(<<"nodes">>, Conf)],
    put(od, #{ebin => Ebin, suffix => Suffix, tick => TickMs, conf => Conf,
              tmpl => maps:get(<<"templates">>, Scn, #{}), nodes => Nodes,
              node_atoms => maps:from_list([{N, node_atom(N, Suffix)} || N <- Nodes])}),
    Dir = spawn_link(fun() -> dir(#{}) end),
    register(od_dir, Dir),
    Peers = maps:from_list([{N, boot(N)} || N <- Nodes]),
    connect_pairs([{X, Y} || X <- Nodes, Y <- Nodes, X < Y]),
    put(peers, Peers),
    put(groups, #{}),
    Until = maps:get(<<"until">>, Conf, 1000),
    put(t0, erlang:monotonic_time(millisecond)),
    Events = lists:keysort(1, [{maps:get(<<"start">>, E, 0), top, E} || E <- maps:get(<<"processes">>, Scn, [])] ++
                               [{maps:get(<<"at">>, T), tl, maps:get(<<"do">>, T)}
                                || T <- maps:get(<<"timeline">>, Scn, [])]),
    drive(group_at(Events), Scn),
    %% the end: `until` (on the clock that node_up shifted, see event/2),
    %% and never sooner than 500 ms after the last event
    sleep_until(max(get(t0) + Until * TickMs, erlang:monotonic_time(millisecond) + 500)),
    Out = call(Dir, dump),
    [catch peer:stop(P) || {P, _} <- maps:values(get(peers))],
    ok = file:write_file(OutFile, [[L, $\n] || L <- beam_lines(Out)]),
    halt(0).

read(File) ->
    case file:read_file(File) of
        {ok, B} -> B;
        {error, E} -> io:format("ERROR ~s: ~p~n", [File, E]), halt(2)
    end.

%% The JSON of File, or a message naming it and exit 2.
decode(File) ->
    try json_decode(read(File)) of
        M when is_map(M) -> M;
        _ -> io:format("ERROR ~s: not a JSON object~n", [File]), halt(2)
    catch _:_ -> io:format("ERROR ~s: not valid JSON (a case must pass `beamsim check`)~n", [File]), halt(2)
    end.

node_atom(N, Suffix) ->
    [_, Host] = string:split(atom_to_list(node()), "@"),
    list_to_atom(binary_to_list(N) ++ "_" ++ Suffix ++ "@" ++ Host).

base(Node) when is_atom(Node) ->
    [B | _] = string:split(atom_to_list(Node), "_", trailing),
    list_to_binary(B).

conf(K) -> maps:get(K, get(od)).

%% A peer node for scenario node N, with its agent; returns {Peer, Node}.
boot(N) ->
    Args = ["-setcookie", atom_to_list(erlang:get_cookie()), "-pa", conf(ebin),
            "-kernel", "dist_auto_connect", "once",
            "-kernel", "prevent_overlapping_partitions", "false",
            "+S", "2:2", "+SDcpu", "1:1" | string:lexemes(os:getenv("OD_PEER_ARGS", ""), " ")],
    Name = list_to_atom(hd(string:split(atom_to_list(maps:get(N, conf(node_atoms))), "@"))),
    {ok, P, Node} = peer:start(#{name => Name, args => Args, wait_boot => 30000}),
    Info = #{dir => whereis(od_dir), tick => conf(tick), node_atoms => conf(node_atoms),
             tmpl => conf(tmpl)},
    ok = erpc:call(Node, ?MODULE, agent, [Info], ?CALL_MS * 5),
    {P, Node}.

%% Explicit connects (with dist_auto_connect once nothing reconnects by
%% itself), from both sides: the second is a no-op once the first has
%% connected, and so whatever either side remembers of an earlier
%% connection to the other cannot keep them apart.
connect_pairs(Pairs) ->
    NA = conf(node_atoms),
    [true = erpc:call(maps:get(X, NA), net_kernel, connect_node, [maps:get(Y, NA)], ?CALL_MS)
     || {A, B} <- Pairs, {X, Y} <- [{A, B}, {B, A}]], ok.

%% ------------------------------------------------------------- driver

group_at([]) -> [];
group_at([{T, _, _} | _] = Evs) ->
    {Now, Later} = lists:splitwith(fun({X, _, _}) -> X =:= T end, Evs),
    [{T, [{K, E} || {_, K, E} <- Now]} | group_at(Later)].

sleep_until(T) ->
    D = T - erlang:monotonic_time(millisecond),
    if D > 0 -> timer:sleep(D); true -> ok end.

%% Every tick's events, in file order: top-level processes of the tick are
%% all created (waiting), then linked, then let go.
drive([], _) -> ok;
drive([{At, Evs} | Rest], Scn) ->
    sleep_until(get(t0) + At * conf(tick)),
    Made = lists:append([top(E) || {top, E} <- Evs]),
    go_all(Made),
    [event(maps:get(<<"op">>, E), E) || {tl, E} <- Evs],
    drive(Rest, Scn).

go_all(Made) ->
    Pids = maps:from_list([{N, P} || {N, P, _, _} <- Made]),
    [[P ! {od_link, maps:get(L, Pids)} || L <- Ls, maps:is_key(L, Pids)] || {_, P, Ls, proc} <- Made],
    [P ! od_go || {_, P, _, proc} <- Made], ok.

%% A top-level entry: its processes, created and waiting.
top(E0) ->
    E = resolve(E0),
    Node = maps:get(<<"node">>, E, hd(conf(nodes))),
    case node_up(Node) of
        false -> [];
        true -> [{Nm, make(E, Nm, Node), maps:get(<<"links">>, E, []), kind(E)} || Nm <- names(E)]
    end.

node_up(N) -> maps:is_key(N, get(peers)).

make(#{<<"supervisor">> := _} = E, Name, Node) ->
    NA = maps:get(Node, conf(node_atoms)),
    {ok, S} = erpc:call(NA, ?MODULE, start_top_sup, [E, Name], ?CALL_MS),
    S;
make(E, Name, Node) ->
    {ok, P} = spawn_watched(maps:get(Node, conf(node_atoms)), E, Name, none),
    P.

event(<<"node_down">>, #{<<"node">> := N}) ->
    case maps:take(N, get(peers)) of
        error -> ok;
        {{_, NA}, Peers} ->
            erpc:cast(NA, erlang, halt, [0]),
            wait_gone(NA, 100),
            put(peers, Peers),
            call(od_dir, {node_down, NA})
    end;
event(<<"node_up">>, #{<<"node">> := N}) ->
    case node_up(N) of
        true -> ok;
        false ->
            T = erlang:monotonic_time(millisecond),
            put(peers, (get(peers))#{N => boot(N)}),
            io:format("node_up ~s: booted in ~b ms (~b ticks)~n",
                      [N, erlang:monotonic_time(millisecond) - T,
                       (erlang:monotonic_time(millisecond) - T) div conf(tick)]),
            G = get(groups),
            cut_off(N, [Y || Y <- maps:keys(get(peers)), Y =/= N,
                             maps:get(N, G, 0) =/= maps:get(Y, G, 0)]),
            connect_pairs([{N, Y} || Y <- maps:keys(get(peers)), Y =/= N,
                                     maps:get(N, G, 0) =:= maps:get(Y, G, 0)]),
            go_all(lists:append([top(E) || E <- top_entries(N)])),
            %% beamsim boots a node within its tick: the time the boot took
            %% here does not count, so the later events keep their distance
            %% from this one (a node took 1.5-7 s, 750-3,500 ticks)
            put(t0, get(t0) + erlang:monotonic_time(millisecond) - T)
    end;
event(<<"partition">>, #{<<"groups">> := Gs}) ->
    G = maps:from_list([{N, I} || {I, Ns} <- lists:zip(lists:seq(1, length(Gs)), Gs), N <- Ns]),
    put(groups, G),
    NA = conf(node_atoms),
    Up = maps:keys(get(peers)),
    [true = erpc:call(maps:get(X, NA), erlang, disconnect_node, [maps:get(Y, NA)], ?CALL_MS)
     || X <- Up, Y <- Up, X < Y, maps:get(X, G) =/= maps:get(Y, G)], ok;
event(<<"heal">>, _) ->
    put(groups, #{}),
    Up = lists:sort(maps:keys(get(peers))),
    connect_pairs([{X, Y} || X <- Up, Y <- Up, X < Y]);
event(<<"send">>, #{<<"to">> := T, <<"message">> := M}) ->
    lookup(T) ! {od_msg, self(), M}, ok;
event(<<"exit">>, #{<<"to">> := T, <<"reason">> := R}) ->
    exit(lookup(T), reason(R)), ok.

%% A node that boots while a partition is in force has never been
%% connected to the nodes of the other groups, and dist_auto_connect once
%% would let its first signal to one of them connect it across the cut
%% (seed 29: a link from the rebooted node reached a process on the other
%% side and gave noproc, not noconnection).  So it connects to each of
%% them and disconnects at once, before any of its processes exist: its
%% one automatic connection is used up.  (dist_auto_connect never would
%% also stop `peer` from connecting the new node back to this one.)
cut_off(N, Others) ->
    NA = conf(node_atoms),
    [begin
         erpc:call(maps:get(N, NA), net_kernel, connect_node, [maps:get(Y, NA)], ?CALL_MS),
         true = erpc:call(maps:get(N, NA), erlang, disconnect_node, [maps:get(Y, NA)], ?CALL_MS)
     end || Y <- Others], ok.

%% The top-level entries placed on node N (its boot script).
top_entries(N) ->
    [E || E <- get(scn_procs), maps:get(<<"node">>, resolve(E), hd(conf(nodes))) =:= N].

wait_gone(_, 0) -> ok;
wait_gone(NA, K) ->
    case net_adm:ping(NA) of pang -> ok; pong -> timer:sleep(20), wait_gone(NA, K - 1) end.

%% ------------------------------------------------------ directory (ctl)

%% Names are global: the directory on the controller maps each name to
%% its incarnations; agents report spawns and exits to it.
dir(S) ->
    receive
        {call, From, Ref, Req} ->
            {Reply, S1} = dir_req(Req, S),
            From ! {od_reply, Ref, Reply},
            dir(S1);
        {exit, Pid, R} ->
            dir(set_reason(Pid, R, S));
        {restart, Sup} ->
            dir(S#{{restarts, Sup} => maps:get({restarts, Sup}, S, 0) + 1})
    end.

dir_req({reg, Pid, Name, Kind}, S) ->
    I = maps:get({count, Name}, S, 0) + 1,
    {ok, S#{{count, Name} => I, {latest, Name} => Pid,
            {pid, Pid} => #{name => Name, inc => I, node => node(Pid), kind => Kind, reason => alive}}};
dir_req({lookup, Name}, S) -> {maps:get({latest, Name}, S, none), S};
dir_req({name_of, Pid}, S) ->
    case maps:get({pid, Pid}, S, none) of none -> {<<"?">>, S}; #{name := N} -> {N, S} end;
dir_req({node_down, NA}, S) ->
    {ok, maps:fold(fun({pid, P}, #{node := N, reason := alive}, Acc) when N =:= NA ->
                           set_reason(P, gone, Acc);
                      (_, _, Acc) -> Acc
                   end, S, S)};
dir_req(dump, S) -> {S, S}.

set_reason(Pid, R, S) ->
    case maps:get({pid, Pid}, S, none) of
        #{reason := alive} = P -> S#{{pid, Pid} := P#{reason := R}};
        _ -> S
    end.

call(Dir, Req) ->
    Ref = make_ref(),
    Dir ! {call, self(), Ref, Req},
    receive {od_reply, Ref, R} -> R after ?CALL_MS -> error({no_reply, Req}) end.

dir() -> persistent_term:get(od_dir).

lookup(Name) ->
    case call(case whereis(od_dir) of undefined -> dir(); D -> D end, {lookup, Name}) of
        none -> dead_pid();
        P -> P
    end.

%% A pid that names no process (sending to it is a no-op; linking to it
%% gives noproc), for a name that never had one.
dead_pid() -> spawn(fun() -> ok end).

%% ------------------------------------------------------- agent (peers)

%% Runs on every peer: keeps the run's constants, watches the node's
%% scenario processes (their exit reasons go to the directory) and counts
%% supervisor restarts (a local call trace of supervisor:add_restart/1).
agent(Info) ->
    Self = self(),
    Pid = spawn(fun() ->
                        persistent_term:put(od_dir, maps:get(dir, Info)),
                        persistent_term:put(od_info, Info),
                        register(od_agent, self()),
                        {module, _} = code:ensure_loaded(supervisor),
                        erlang:trace_pattern({supervisor, add_restart, 1},
                                             [{'_', [], [{return_trace}]}], [local]),
                        Self ! {od_agent, ok},
                        agent_loop()
                end),
    receive {od_agent, ok} -> ok after ?CALL_MS -> exit(Pid, kill), error(no_agent) end.

agent_loop() ->
    receive
        {call, From, Ref, {watch, Pid, Name, Kind}} ->
            erlang:monitor(process, Pid),
            ok = call(dir(), {reg, Pid, Name, Kind}),
            From ! {od_reply, Ref, ok};
        {'DOWN', _, process, Pid, R} ->
            dir() ! {exit, Pid, R};
        {trace, Sup, return_from, {supervisor, add_restart, 1}, {ok, _}} ->
            dir() ! {restart, Sup};
        _ -> ok
    end,
    agent_loop().

info(K) -> maps:get(K, persistent_term:get(od_info)).

%% Spawns a scenario process on node NA (waiting for od_go), has that
%% node's agent watch it, and links it to Parent (none: no link).
%% On a node this one cannot reach, OTP still returns a pid and the link
%% (or monitor) delivers noconnection (facts_dist.erl spawn_unreachable/0);
%% the directory records that incarnation as ended noconnection, as
%% beamsim does.
spawn_watched(NA, E, Name, Parent) ->
    Pid = spawn(NA, ?MODULE, proc_init, [E, Name, self()]),
    case lists:member(NA, [node() | nodes(connected)]) of
        true -> ok = call({od_agent, NA}, {watch, Pid, Name, kind(E)});
        false ->
            D = case whereis(od_dir) of undefined -> dir(); X -> X end,
            ok = call(D, {reg, Pid, Name, kind(E)}),
            D ! {exit, Pid, noconnection}
    end,
    case Parent of none -> ok; _ -> link(Pid) end,
    {ok, Pid}.

kind(#{<<"supervisor">> := _}) -> sup;
kind(_) -> proc.

proc_init(E, Name, Spawner) ->
    put(od_name, Name), put(od_parent, Spawner),
    wait_go(),
    process_flag(trap_exit, maps:get(<<"trap_exit">>, E, false)),
    run_ops(maps:get(<<"program">>, E, [])),
    exit(normal).

wait_go() ->
    receive
        {od_link, P} -> link(P), wait_go();
        od_go -> ok
    end.

%% ----------------------------------------------------------- supervisors

start_top_sup(E, Name) ->
    {ok, S} = gen_server:start(supervisor, {self, ?MODULE, {E, Name}}, []),
    ok = call({od_agent, node()}, {watch, S, Name, sup}),
    {ok, S}.

init({E, _Name}) ->
    erlang:trace(self(), true, [call, {tracer, whereis(od_agent)}]),
    Sup = maps:get(<<"supervisor">>, E),
    Flags = #{strategy => binary_to_atom(maps:get(<<"strategy">>, Sup, <<"one_for_one">>)),
              intensity => maps:get(<<"intensity">>, Sup, 1), period => 3600},
    Children = [child_spec(resolve(C)) || C <- maps:get(<<"children">>, Sup, [])],
    {ok, {Flags, Children}}.

child_spec(C) ->
    Name = maps:get(<<"name">>, C),
    #{id => Name, start => {?MODULE, start_child, [C, Name]},
      restart => binary_to_atom(maps:get(<<"restart">>, C, <<"permanent">>)),
      shutdown => case maps:get(<<"shutdown">>, C, 5000) of
                      <<"brutal_kill">> -> brutal_kill;
                      <<"infinity">> -> infinity;
                      T -> T * info(tick)
                  end}.

%% The child's start function, as a real application would write it: the
%% first node of "nodes" this node is connected to (or is), else "node",
%% else the supervisor's node; the child is linked to the supervisor.
start_child(C, Name) ->
    NA = info(node_atoms),
    Node = case maps:get(<<"nodes">>, C, none) of
               none -> maps:get(maps:get(<<"node">>, C, none), NA, node());
               Ns -> case [maps:get(N, NA) || N <- Ns,
                                              lists:member(maps:get(N, NA), [node() | nodes()])] of
                         [] -> none;
                         [X | _] -> X
                     end
           end,
    case Node of
        none -> {error, no_node_up};
        _ ->
            {ok, P} = spawn_watched(Node, C, Name, self()),
            P ! od_go,
            {ok, P}
    end.

%% ------------------------------------------------------------------ ops

run_ops([]) -> ok;
run_ops([Op | Rest]) -> op(Op), run_ops(Rest).

op(#{<<"op">> := W, <<"reductions">> := N}) when W =:= <<"work">>; W =:= <<"native">> ->
    timer:sleep(N * info(tick));
op(#{<<"op">> := <<"sleep">>, <<"ticks">> := T}) -> timer:sleep(T * info(tick));
op(#{<<"op">> := <<"send">>, <<"to">> := T, <<"message">> := M}) ->
    target(T) ! {od_msg, self(), M};
op(#{<<"op">> := <<"receive">>} = O) -> do_receive(O);
op(#{<<"op">> := <<"spawn">>} = O) -> do_spawn(O);
op(#{<<"op">> := <<"link">>, <<"to">> := T}) -> link(target(T));
op(#{<<"op">> := <<"unlink">>, <<"to">> := T}) -> unlink(target(T));
op(#{<<"op">> := <<"monitor">>, <<"to">> := T}) -> erlang:monitor(process, target(T));
op(#{<<"op">> := <<"monitor_node">>, <<"node">> := N}) ->
    monitor_node(maps:get(N, info(node_atoms)), true);
op(#{<<"op">> := <<"trap_exit">>} = O) -> process_flag(trap_exit, maps:get(<<"value">>, O, true));
op(#{<<"op">> := <<"exit">>, <<"to">> := T} = O) ->
    exit(target(T), reason(maps:get(<<"reason">>, O, <<"normal">>)));
op(#{<<"op">> := <<"exit">>} = O) -> exit(reason(maps:get(<<"reason">>, O, <<"normal">>)));
op(#{<<"op">> := <<"crash">>} = O) -> exit(reason(maps:get(<<"reason">>, O, <<"crash">>)));
op(#{<<"op">> := <<"loop">>, <<"times">> := <<"forever">>, <<"do">> := Do} = O) ->
    run_ops(Do), op(O);
op(#{<<"op">> := <<"loop">>, <<"times">> := N, <<"do">> := Do}) ->
    [run_ops(Do) || _ <- lists:seq(1, N)], ok.

reason(B) -> binary_to_atom(B, utf8).

target(<<"self">>) -> self();
target(<<"parent">>) -> get(od_parent);
target(<<"sender">>) -> get(od_sender);      % the sender of the last message taken
target(Name) -> lookup(Name).

do_spawn(O) ->
    E = resolve(case O of
                    #{<<"process">> := P} -> P;
                    #{<<"template">> := T} -> #{<<"template">> => T}
                end),
    Base = maps:get(<<"as">>, O, maps:get(<<"name">>, E, maps:get(<<"template">>, O, <<"p">>))),
    Names = names(E#{<<"name">> => Base, <<"count">> => maps:get(<<"count">>, O, 1)}),
    Here = base(node()),
    NA = maps:get(maps:get(<<"node">>, O, maps:get(<<"node">>, E, Here)), info(node_atoms)),
    [begin
         Link = case maps:get(<<"link">>, O, false) of true -> self(); false -> none end,
         {ok, Child} = spawn_watched(NA, E, Nm, Link),
         case maps:get(<<"monitor">>, O, false) of true -> erlang:monitor(process, Child); false -> ok end,
         Child ! od_go
     end || Nm <- Names], ok.

%% Oldest message that matches a case (Erlang's selective receive); the
%% messages looked at and kept are held in the dictionary, oldest first.
do_receive(O) ->
    Cases = maps:get(<<"cases">>, O, [#{<<"match">> => <<"_">>}]),
    Deadline = case maps:get(<<"after">>, O, none) of
                   none -> infinity;
                   #{<<"ticks">> := T} -> erlang:monotonic_time(millisecond) + T * info(tick)
               end,
    recv(Cases, Deadline, O).

recv(Cases, Deadline, O) ->
    Saved = case get(od_saved) of undefined -> []; L -> L end,
    case take(Saved, Cases, []) of
        {Do, From, Rest} -> put(od_saved, Rest), put(od_sender, From), run_ops(Do);
        none ->
            Wait = case Deadline of
                       infinity -> infinity;
                       _ -> max(0, Deadline - erlang:monotonic_time(millisecond))
                   end,
            receive
                M -> put(od_saved, Saved ++ [{V, from(M)} || V <- [view(M)], V =/= skip]),
                     recv(Cases, Deadline, O)
            after Wait -> run_ops(maps:get(<<"do">>, maps:get(<<"after">>, O), []))
            end
    end.

take([], _, _) -> none;
take([{V, From} = VF | Rest], Cases, Before) ->
    case [C || C <- Cases, match(maps:get(<<"match">>, C, <<"_">>), V)] of
        [C | _] -> {maps:get(<<"do">>, C, []), From, lists:reverse(Before) ++ Rest};
        [] -> take(Rest, Cases, [VF | Before])
    end.

view({od_msg, _, V}) -> V;
view({'EXIT', P, R}) -> [<<"EXIT">>, name_of(P), rbin(R)];
view({'DOWN', _, process, P, R}) -> [<<"DOWN">>, name_of(P), rbin(R)];
view({nodedown, N}) -> [<<"nodedown">>, base(N)];
view(_) -> skip.

%% Who sent it ("sender" after a receive); a nodedown has nobody.
from({od_msg, P, _}) -> P;
from({'EXIT', P, _}) -> P;
from({'DOWN', _, process, P, _}) -> P;
from(_) -> undefined.

name_of(P) -> call(dir(), {name_of, P}).

rbin(R) when is_atom(R) -> atom_to_binary(R, utf8);
rbin(R) -> list_to_binary(io_lib:format("~0p", [R])).

match(<<"_">>, _) -> true;
match(P, V) when is_list(P), is_list(V), length(P) =:= length(V) ->
    lists:all(fun({X, Y}) -> match(X, Y) end, lists:zip(P, V));
match(P, V) -> P =:= V.

%% ---------------------------------------------------------- entries

resolve(#{<<"template">> := T} = E) ->
    Tm = case get(od) of undefined -> info(tmpl); _ -> conf(tmpl) end,
    maps:merge(resolve(maps:get(T, Tm)), maps:remove(<<"template">>, E));
resolve(E) -> E.

names(#{<<"name">> := N, <<"count">> := C}) when C > 1 ->
    [<<N/binary, "_", (integer_to_binary(I))/binary>> || I <- lists:seq(1, C)];
names(#{<<"name">> := N}) -> [N].

%% Keys and ops this harness does not translate (a case that uses them is
%% skipped, never half-run).
unsupported(Scn) ->
    put(scn_procs, maps:get(<<"processes">>, Scn, [])),
    Ops = [<<"work">>, <<"native">>, <<"sleep">>, <<"send">>, <<"receive">>, <<"spawn">>,
           <<"link">>, <<"unlink">>, <<"monitor">>, <<"monitor_node">>, <<"trap_exit">>,
           <<"exit">>, <<"crash">>, <<"loop">>, <<"node_down">>, <<"node_up">>,
           <<"partition">>, <<"heal">>],
    TlOps = [<<"send">>, <<"exit">>, <<"node_down">>, <<"node_up">>, <<"partition">>, <<"heal">>],
    Bad = lists:usort([O || O <- ops_in(maps:remove(<<"timeline">>, Scn)), not lists:member(O, Ops)] ++
                      [O || #{<<"do">> := #{<<"op">> := O}} <- maps:get(<<"timeline">>, Scn, []),
                            not lists:member(O, TlOps)]),
    Conf = maps:get(<<"config">>, Scn, #{}),
    Nested = [x || #{<<"supervisor">> := #{<<"children">> := Cs}} <- all_entries(Scn),
                   C <- Cs, is_map_key(<<"supervisor">>, resolve_with(C, Scn))],
    if not is_map_key(<<"nodes">>, Conf) -> "no config.nodes";
       Bad =/= [] -> io_lib:format("ops not translated: ~s", [lists:join(", ", Bad)]);
       Nested =/= [] -> "nested supervisors are not translated";
       true -> []
    end.

all_entries(Scn) ->
    [resolve_with(E, Scn) || E <- maps:get(<<"processes">>, Scn, []) ++
                                 maps:values(maps:get(<<"templates">>, Scn, #{}))].

resolve_with(#{<<"template">> := T} = E, Scn) ->
    maps:merge(resolve_with(maps:get(T, maps:get(<<"templates">>, Scn, #{})), Scn),
               maps:remove(<<"template">>, E));
resolve_with(E, _) -> E.

ops_in(M) when is_map(M) ->
    Own = case maps:get(<<"op">>, M, none) of none -> []; O -> [O] end,
    Own ++ lists:append([ops_in(V) || {K, V} <- maps:to_list(M), K =/= <<"message">>, K =/= <<"match">>]);
ops_in(L) when is_list(L) -> lists:append([ops_in(X) || X <- L]);
ops_in(_) -> [].

%% ------------------------------------------------------------- outcomes

beam_lines(S) ->
    Ps = [P || {{pid, _}, P} <- maps:to_list(S)],
    Sups = [{P, maps:get({restarts, Pid}, S, 0)} || {{pid, Pid}, #{kind := sup} = P} <- maps:to_list(S)],
    lines([{N, I, base(Nd), beam_reason(R)} || #{name := N, inc := I, node := Nd, reason := R} <- Ps],
          [{N, I, K, beam_reason(R)} || {#{name := N, inc := I, reason := R}, K} <- Sups]).

beam_reason(alive) -> <<"alive">>;
beam_reason(gone) -> ?GONE;
beam_reason(R) -> rbin(R).

lines(Procs, Sups) ->
    Incs = lists:foldl(fun({N, I, _, _}, M) -> M#{N => max(I, maps:get(N, M, 0))} end, #{}, Procs),
    L = [io_lib:format("exit ~s#~b ~s", [N, I, R]) || {N, I, _, R} <- Procs] ++
        [io_lib:format("node ~s#~b ~s", [N, I, Nd]) || {N, I, Nd, _} <- Procs] ++
        [io_lib:format("incarnations ~s ~b", [N, C]) || {N, C} <- maps:to_list(Incs)] ++
        [io_lib:format("supervisor ~s#~b ~b ~s", [N, I, K, R]) || {N, I, K, R} <- Sups],
    lists:sort([lists:flatten(X) || X <- L]).

%% The same lines from a beamsim summary (`beamsim run F --summary -`).
summary([File]) ->
    [io:format("~s~n", [L]) || L <- outcomes_file(File)],
    halt(0).

outcomes_file(File) ->
    S = decode(File),
    Ps = [{maps:get(<<"name">>, P), maps:get(<<"incarnation">>, P, 1), sum_node(P),
           sum_reason(P)} || P <- maps:get(<<"processes">>, S, [])],
    Inc = fun(P, Seen) ->
                  N = maps:get(<<"name">>, P),
                  K = maps:get(<<"incarnation">>, P, maps:get(N, Seen, 0) + 1),
                  {K, Seen#{N => K}}
          end,
    {Sups, _} = lists:mapfoldl(
                  fun(P, Seen) ->
                          {K, Seen1} = Inc(P, Seen),
                          {{maps:get(<<"name">>, P), K, maps:get(<<"restarts">>, P, 0),
                            sum_reason(P)}, Seen1}
                  end, #{}, maps:get(<<"supervisors">>, S, [])),
    lines(Ps, Sups).

sum_node(P) ->
    case maps:get(<<"node">>, P, null) of
        null -> <<"?">>;
        N -> hd(binary:split(N, <<"@">>))
    end.

%% A summary entry's outcome: halted (gone with its node, no exit
%% reason), alive (no exit reason) or its exit reason.
sum_reason(#{<<"halted_tick">> := _}) -> ?GONE;
sum_reason(P) -> reason_bin(maps:get(<<"exit_reason">>, P, null)).

reason_bin(null) -> <<"alive">>;
reason_bin(R) when is_binary(R) -> R;
reason_bin(R) -> list_to_binary(io_lib:format("~0p", [R])).

%% ------------------------------------------------------------- JSON

%% JSON text to an Erlang term: objects become maps, strings binaries,
%% true/false/null atoms.  The text is rewritten into Erlang's term syntax
%% ({ -> #{, : -> =>, "s" -> <<"s"/utf8>>, \uXXXX -> \x{XXXX}) and read by
%% erl_parse; the input is a beamsim scenario or summary, already valid
%% JSON (beamsim check / beamsim wrote it).
json_decode(Bin) ->
    {ok, Toks, _} = erl_scan:string(lists:flatten(to_erl(unicode:characters_to_list(Bin), out)) ++ "."),
    {ok, Term} = erl_parse:parse_term(Toks),
    Term.

to_erl([], _) -> [];
to_erl([$" | R], out) -> ["<<\"", to_erl(R, in)];
to_erl([${ | R], out) -> ["#{", to_erl(R, out)];
to_erl([$: | R], out) -> ["=>", to_erl(R, out)];
to_erl([C | _] = R0, out) when C =:= $-; C >= $0, C =< $9 ->
    {Num, R} = lists:splitwith(fun(X) -> lists:member(X, "0123456789+-.eE") end, R0),
    [float_syntax(Num), to_erl(R, out)];
to_erl([C | R], out) -> [C, to_erl(R, out)];
to_erl([$\\, $u, A, B, C, D | R], in) -> ["\\x{", A, B, C, D, $}, to_erl(R, in)];
to_erl([$\\, C | R], in) -> [$\\, C, to_erl(R, in)];
to_erl([$" | R], in) -> ["\"/utf8>>", to_erl(R, out)];
to_erl([C | R], in) -> [C, to_erl(R, in)].

%% "1e-05" is JSON, Erlang wants "1.0e-05".
float_syntax(N) ->
    case {lists:member($., N), lists:splitwith(fun(X) -> X =/= $e andalso X =/= $E end, N)} of
        {false, {M, [_ | _] = E}} -> M ++ ".0" ++ E;
        _ -> N
    end.
