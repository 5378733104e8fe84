%% facts_dist.erl - what real distributed Erlang does (issue 16), shown by
%% experiments with real nodes on this machine.
%%
%%   sh tests/oracle/dist/facts.sh          (compiles this, runs every experiment)
%%
%% Each experiment starts fresh peer nodes (OTP 25 `peer`, -sname, epmd on
%% localhost, the run's cookie), does one thing to them and prints one line
%% per observation: "FACT <id>: <what was observed>".  The controller node
%% is hidden, so it is not part of the scenario nodes' mesh nor of global's
%% view.  Every wait is bounded; every peer is stopped (or halted) at the
%% end of its experiment.  /work/notes/s6/dist-facts.md and
%% docs/reliability.md quote these lines.
-module(facts_dist).
-behaviour(supervisor).
-export([main/1, init/1, start_remote/2, log/2]).

-define(WAIT, 8000).

main([Ebin, Suffix]) ->
    process_flag(trap_exit, true),
    Only = os:getenv("FACTS_ONLY", ""),
    put(ebin, Ebin), put(suffix, Suffix),
    Exps = [fun link_halt/0, fun link_disconnect/0, fun monitors/0, fun order/0,
            fun send_after_disconnect/0, fun auto_connect_once/0, fun overlapping/0,
            fun name_on_down_node/0, fun supervisor_remote_child/0, fun restart_node/0,
            fun partition_full/0, fun pair_order/0, fun halt_in_flight/0, fun spawn_unreachable/0],
    [try drain_now(), E() catch C:R:St -> io:format("ERROR ~w:~w ~w~n", [C, R, St])
     after stop_peers([{P, x} || P <- get_peers()]), put(peers, [])
     end || E <- Exps, Only =:= "" orelse lists:member(atom_to_list(element(2, erlang:fun_info(E, name))), string:split(Only, ",", all))],
    io:format("done~n"),
    halt(0).

%% ----------------------------------------------------------------- nodes

%% Starts peers named Base_Suffix with the extra kernel arguments; returns
%% [{Peer, Node}].  The experiment id keeps names unique within a run.
peers(Names, Extra) ->
    K = get_count() + 1, put(count, K),
    Ps = [start_peer(list_to_atom(lists:concat([Nm, "_", K, "_", get(suffix)])), Extra) || Nm <- Names],
    connect_all([N || {_, N} <- Ps]),
    Ps.

start_peer(Name, Extra) ->
    {ok, P, Node} = peer:start(#{name => Name, wait_boot => 15000,
                                 args => ["-setcookie", atom_to_list(erlang:get_cookie()),
                                          "-pa", get(ebin) | Extra]}),
    put(peers, [P | get_peers()]),
    {P, Node}.

%% Scenario nodes start fully connected, as a scenario's nodes are.
connect_all([]) -> ok;
connect_all([N | Rest]) -> [true = erpc:call(N, net_kernel, connect_node, [M]) || M <- Rest], connect_all(Rest).

get_count() -> case get(count) of undefined -> 0; K -> K end.
get_peers() -> case get(peers) of undefined -> []; L -> L end.

stop_peers(Ps) -> [catch peer:stop(P) || {P, _} <- Ps], ok.

%% Halts Node as erlang:halt/1 on it does (the node's processes all go).
halt_node(Node) -> erpc:cast(Node, erlang, halt, [0]), wait_gone(Node, 50).

wait_gone(_, 0) -> error(still_up);
wait_gone(Node, K) ->
    case net_adm:ping(Node) of pang -> ok; pong -> timer:sleep(100), wait_gone(Node, K - 1) end.

%% Runs F in a new process on Node.
on(Node, F) -> spawn(Node, F).

collect(0, Acc) -> lists:reverse(Acc);
collect(K, Acc) -> receive {fact, X} -> collect(K - 1, [X | Acc]) after ?WAIT -> lists:reverse([timeout | Acc]) end.

%% The messages a process has after Ms milliseconds, in arrival order.
drain(Ms) -> timer:sleep(Ms), drain_now().
drain_now() -> receive M -> [M | drain_now()] after 0 -> [] end.

fact(Id, Fmt, Args) -> io:format("FACT ~s: " ++ re:replace(Fmt, "~p", "~w", [global, {return, list}]) ++ "~n", [Id | Args]).

idle() -> receive stop -> ok end.

%% A pid written without its numbers, for stable output.
shape({'EXIT', P, R}) when is_pid(P) -> {'EXIT', pid, R};
shape({'DOWN', _, process, P, R}) when is_pid(P) -> {'DOWN', ref, process, pid, R};
shape({'DOWN', _, process, {Nm, _}, R}) -> {'DOWN', ref, process, {Nm, node}, R};
shape({nodedown, N}) -> {nodedown, node_base(N)};
shape(X) -> X.

node_base(N) -> list_to_atom(hd(string:split(atom_to_list(N), "_"))).

%% ------------------------------------------------------------ experiments

%% A link from a process on a to one on b; b halts (Cut = halt) or a
%% disconnects b (Cut = disconnect).  With and without trap_exit.
link_cut(Id, Cut) ->
    [{_, A}, {_, B}] = Ps = peers([a, b], []),
    Ctl = self(),
    Q = on(B, fun idle/0),
    Run = fun(Trap) ->
                  P = on(A, fun() -> process_flag(trap_exit, Trap), link(Q), Ctl ! {fact, linked},
                                     receive M -> Ctl ! {fact, {got, shape(M)}} end end),
                  on(A, fun() -> R = monitor(process, P), Ctl ! {fact, watching},
                                 receive {'DOWN', R, _, _, W} -> Ctl ! {fact, {p_exit, W}} end end),
                  collect(2, []), P
          end,
    _ = Run(true), _ = Run(false),
    cut(Cut, A, B),
    Obs = collect(3, []),
    fact(Id, "link a->b, ~s: trapping process gets ~p and ~p; non-trapping one ~p",
         [Cut | [X || X <- Obs]]),
    stop_peers(Ps).

cut(halt, _, B) -> halt_node(B);
cut(disconnect, A, B) -> true = erpc:call(A, erlang, disconnect_node, [B]).

link_halt() -> link_cut("link_halt", halt).
link_disconnect() -> link_cut("link_disconnect", disconnect).

%% A monitor and a monitor_node from a to b, each in its own process.
monitors() ->
    [begin
         [{_, A}, {_, B}] = Ps = peers([a, b], []),
         Ctl = self(),
         Q = on(B, fun idle/0),
         on(A, fun() -> monitor(process, Q), Ctl ! {fact, ok}, Ctl ! {fact, {1, drain(1500)}} end),
         on(A, fun() -> monitor_node(B, true), Ctl ! {fact, ok}, Ctl ! {fact, {2, drain(1500)}} end),
         collect(2, []),
         cut(Cut, A, B),
         [{1, M1}, {2, M2}] = lists:sort(collect(2, [])),
         fact("monitor_" ++ atom_to_list(Cut), "monitor gets ~p; monitor_node gets ~p",
              [[shape(X) || X <- M1], [shape(X) || X <- M2]]),
         stop_peers(Ps)
     end || Cut <- [halt, disconnect]].

%% One trapping process with a link, a monitor and a monitor_node to b, set
%% up in two orders, 5 times each; the order of the three messages.
order() ->
    Setups = [{"link,monitor,monitor_node", [link, monitor, monitor_node]},
              {"monitor_node,monitor,link", [monitor_node, monitor, link]}],
    [begin
         Seen = [order_once(Steps, Cut) || _ <- lists:seq(1, 5)],
         fact("order_" ++ atom_to_list(Cut), "set up ~s: arrival order over 5 runs ~p",
              [Label, lists:usort(Seen)])
     end || Cut <- [halt, disconnect], {Label, Steps} <- Setups].

order_once(Steps, Cut) ->
    [{_, A}, {_, B}] = Ps = peers([a, b], []),
    Ctl = self(),
    Q = on(B, fun idle/0),
    Do = fun(link) -> link(Q); (monitor) -> monitor(process, Q); (monitor_node) -> monitor_node(B, true) end,
    on(A, fun() -> process_flag(trap_exit, true), [Do(S) || S <- Steps], Ctl ! {fact, ok},
                   Ctl ! {fact, [element(1, M) || M <- drain(1500)]} end),
    collect(1, []),
    cut(Cut, A, B),
    [Ms] = collect(1, []),
    stop_peers(Ps),
    Ms.

%% After a disconnect with the default dist_auto_connect (true): does a
%% send to a pid on b reconnect and arrive?
send_after_disconnect() ->
    [{_, A}, {_, B}] = Ps = peers([a, b], []),
    Ctl = self(),
    Q = on(B, fun() -> Ctl ! {fact, drain(1500)} end),
    on(A, fun() -> Q ! first, timer:sleep(200), erlang:disconnect_node(B), timer:sleep(200),
                   Q ! second, timer:sleep(300), Ctl ! {fact, lists:member(B, nodes())} end),
    [Up, Got] = lists:sort(fun(X, _) -> is_boolean(X) end, collect(2, [])),
    fact("send_after_disconnect", "dist_auto_connect default: b gets ~p; a connected to b again: ~p", [Got, Up]),
    stop_peers(Ps).

%% dist_auto_connect once: after the disconnect a send is dropped and the
%% nodes stay apart; net_kernel:connect_node/1 heals; nothing is replayed.
%% Also: after b restarts (a new node with the same name), does a
%% auto-connect to it?
auto_connect_once() ->
    Once = ["-kernel", "dist_auto_connect", "once"],
    [{_, A}, {PB, B}] = Ps = peers([a, b], Once),
    Ctl = self(),
    Q = on(B, fun() -> register(q, self()), Ctl ! {fact, drain(2000)} end),
    timer:sleep(100),
    on(A, fun() ->
                  Q ! first, {q, B} ! first_by_name, timer:sleep(200),
                  erlang:disconnect_node(B), timer:sleep(200),
                  Q ! second, {q, B} ! second_by_name, timer:sleep(300),
                  Apart = not lists:member(B, nodes()),
                  Healed = net_kernel:connect_node(B),
                  Q ! third, Ctl ! {fact, {Apart, Healed}}
          end),
    [R1, R2] = collect(2, []),
    {Apart, Healed} = hd([X || X <- [R1, R2], is_tuple(X)]),
    Got = hd([X || X <- [R1, R2], is_list(X)]),
    fact("auto_connect_once", "after disconnect_node: no reconnect on send (apart ~p); "
         "b got ~p; net_kernel:connect_node/1 -> ~p", [Apart, Got, Healed]),
    catch peer:stop(PB),
    wait_gone(B, 50),
    {PB2, B} = start_peer(list_to_atom(hd(string:split(atom_to_list(B), "@"))), Once),
    on(B, fun() -> register(q, self()), Ctl ! {fact, drain(1500)} end),
    timer:sleep(100),
    on(A, fun() -> {q, B} ! after_restart, timer:sleep(300), Ctl ! {fact, lists:member(B, nodes())} end),
    [S1, S2] = collect(2, []),
    fact("auto_connect_once_restart", "b restarted: a's send by name auto-connects: ~p; b got ~p",
         [hd([X || X <- [S1, S2], is_boolean(X)]), hd([X || X <- [S1, S2], is_list(X)])]),
    catch peer:stop(PB2),
    stop_peers(Ps).

%% Three nodes fully connected; a disconnects b.  Who is still connected
%% to whom a second later (global's prevent_overlapping_partitions, on by
%% default in OTP 25), with the default and with the flag off.
overlapping() ->
    [begin
         [{_, A}, {_, B}, {_, C}] = Ps = peers([a, b, c], Flag),
         true = erpc:call(A, net_kernel, connect_node, [B]),
         true = erpc:call(A, net_kernel, connect_node, [C]),
         true = erpc:call(B, net_kernel, connect_node, [C]),
         timer:sleep(500),
         true = erpc:call(A, erlang, disconnect_node, [B]),
         timer:sleep(1500),
         View = [{node_base(N), lists:sort([node_base(M) || M <- erpc:call(N, erlang, nodes, [])])}
                 || N <- [A, B, C]],
         fact("overlapping" ++ Label, "a,b,c connected, a disconnects b; 1.5 s later nodes(): ~p", [View]),
         stop_peers(Ps)
     end || {Label, Flag} <- [{"_default", []},
                              {"_off", ["-kernel", "prevent_overlapping_partitions", "false"]}]].

%% {Name, Node} ! Msg and global:send when the node is down.
name_on_down_node() ->
    [{_, A}, {_, B}] = Ps = peers([a, b], []),
    Ctl = self(),
    on(B, fun() -> register(q, self()), yes = global:register_name(gq, self()), Ctl ! {fact, ok}, idle() end),
    collect(1, []),
    erpc:call(A, global, sync, []),
    halt_node(B),
    timer:sleep(500),
    on(A, fun() ->
                  T0 = erlang:monotonic_time(millisecond),
                  R1 = (catch {q, B} ! hello),
                  T1 = erlang:monotonic_time(millisecond),
                  R2 = (catch global:send(gq, hello)),
                  Ctl ! {fact, {R1, T1 - T0, global:whereis_name(gq), R2}}
          end),
    [{R1, Ms, W, R2}] = collect(1, []),
    fact("name_on_down_node", "{Name, DownNode} ! hello returns ~p (~b ms, no error); "
         "global:whereis_name -> ~p; global:send -> ~p", [R1, Ms, W, R2]),
    stop_peers(Ps).

%% A supervisor on a whose child's start function spawns it, linked, on
%% the first node of [b, c] that is up.  b halts.
supervisor_remote_child() ->
    [supervisor_remote_child(L, F) || {L, F} <- [{"_default", []},
                                                 {"_off", ["-kernel", "prevent_overlapping_partitions", "false"]}]].

supervisor_remote_child(Label, Flag) ->
    [{_, A}, {_, B}, {_, C}] = Ps = peers([a, b, c], Flag),
    Ctl = self(),
    on(A, fun() ->
                  ok = logger:add_handler(fact_h, ?MODULE, #{config => Ctl, level => all}),
                  {ok, S} = supervisor:start_link(?MODULE, {[B, C], Ctl}), unlink(S),
                  Ctl ! {fact, S}, idle()
          end),
    [Sup, {started, N1}] = lists:sort(collect(2, [])),
    halt_node(B),
    Obs = collect(2, []),
    Pid = case catch erpc:call(A, supervisor, which_children, [Sup]) of [{_, P, _, _}] -> P; E -> E end,
    timer:sleep(300), _ = drain_now(),
    fact("supervisor_remote_child" ++ Label, "child first on ~s; b halts: ~p; child now on ~s",
         [node_base(N1), [case X of {started, N} -> {started, node_base(N)}; _ -> X end || X <- Obs],
          catch node_base(node(Pid))]),
    erpc:call(A, logger, remove_handler, [fact_h]),
    stop_peers(Ps).

init({Nodes, Ctl}) ->
    {ok, {#{strategy => one_for_one, intensity => 5, period => 10},
          [#{id => w, start => {?MODULE, start_remote, [Nodes, Ctl]}}]}}.

%% The start function a real application writes: the first listed node that
%% answers; the child is linked to the supervisor across the network.
start_remote(Nodes, Ctl) ->
    [N | _] = [X || X <- Nodes, net_kernel:connect_node(X)],
    Pid = proc_lib:spawn_link(N, fun idle/0),
    Ctl ! {fact, {started, N}},
    {ok, Pid}.

%% logger handler on a: forwards the supervisor's child_terminated report.
log(#{msg := {report, #{label := {supervisor, child_terminated}, report := R}}}, #{config := Ctl}) ->
    Ctl ! {fact, {child_terminated, proplists:get_value(reason, R)}};
log(_, _) -> ok.

%% b halts and boots again under the same name: its creation, and what a
%% pid of the old incarnation does.
restart_node() ->
    [{_, A}, {PB, B}] = Ps = peers([a, b], []),
    Ctl = self(),
    C1 = erpc:call(B, erlang, system_info, [creation]),
    Old = on(B, fun() -> register(q, self()), idle() end),
    timer:sleep(100),
    catch peer:stop(PB), wait_gone(B, 50),
    {PB2, B} = start_peer(list_to_atom(hd(string:split(atom_to_list(B), "@"))), []),
    C2 = erpc:call(B, erlang, system_info, [creation]),
    New = on(B, fun() -> register(q, self()), Ctl ! {fact, {new_got, drain(800)}} end),
    timer:sleep(100),
    on(A, fun() ->
                  process_flag(trap_exit, true),
                  Old ! to_old, {q, B} ! to_name,
                  monitor(process, Old), link(Old),
                  Ctl ! {fact, {a_got, [shape(M) || M <- drain(500)]}}
          end),
    Obs = lists:sort(collect(2, [])),
    fact("restart_node", "dist_auto_connect default; creation ~b then ~b (differ: ~p); old pid == new pid: ~p; ~p",
         [C1, C2, C1 =/= C2, Old =:= New, Obs]),
    catch peer:stop(PB2),
    stop_peers(Ps).

%% A partition [[a], [b, c]] made as the harness makes it: a disconnects b,
%% then c; who is connected to whom 1.5 s later, default and flag off.
partition_full() ->
    [begin
         [{_, A}, {_, B}, {_, C}] = Ps = peers([a, b, c], Flag),
         timer:sleep(500),
         R1 = erpc:call(A, erlang, disconnect_node, [B]),
         R2 = erpc:call(A, erlang, disconnect_node, [C]),
         timer:sleep(1500),
         View = [{node_base(N), lists:sort([node_base(M) || M <- erpc:call(N, erlang, nodes, [])])}
                 || N <- [A, B, C]],
         fact("partition_full" ++ Label, "a disconnects b (~p) then c (~p); 1.5 s later nodes(): ~p",
              [R1, R2, View]),
         stop_peers(Ps)
     end || {Label, Flag} <- [{"_default", []},
                              {"_off", ["-kernel", "prevent_overlapping_partitions", "false"]}]].

%% P on a sends 10,000 messages to Q on b, then exits boom; Q is linked and
%% traps: does every message arrive, in order, before the EXIT?
pair_order() ->
    [{_, A}, {_, B}] = Ps = peers([a, b], []),
    Ctl = self(),
    Q = on(B, fun() -> process_flag(trap_exit, true), Ctl ! {fact, self()}, Ctl ! {fact, count_until_exit(0, true)} end),
    [Q] = collect(1, []),
    on(A, fun() -> link(Q), [Q ! {n, I} || I <- lists:seq(1, 10000)], exit(boom) end),
    [R] = collect(1, []),
    fact("pair_order", "10,000 messages then exit(boom) over a link: b counts ~p", [R]),
    stop_peers(Ps).

count_until_exit(N, InOrder) ->
    receive
        {n, I} -> count_until_exit(N + 1, InOrder andalso I =:= N + 1);
        {'EXIT', _, R} -> {messages, N, in_order, InOrder, then_exit, R}
    after 5000 -> {messages, N, no_exit}
    end.

%% P on a sends 100,000 messages to Q on b, then a halts at once.
halt_in_flight() ->
    [{_, A}, {_, B}] = Ps = peers([a, b], []),
    Ctl = self(),
    Q = on(B, fun() -> process_flag(trap_exit, true), Ctl ! {fact, self()}, Ctl ! {fact, count_until_exit(0, true)} end),
    [Q] = collect(1, []),
    on(A, fun() -> link(Q), [Q ! {n, I} || I <- lists:seq(1, 100000)], erlang:halt(0) end),
    [R] = collect(1, []),
    fact("halt_in_flight", "100,000 messages then erlang:halt() on a: b counts ~p", [R]),
    stop_peers(Ps).

%% spawn_link / spawn_monitor on a node that is down (halted), and on one
%% that is up but disconnected with dist_auto_connect once.
spawn_unreachable() ->
    [begin
         [{_, A}, {_, B}] = Ps = peers([a, b], ["-kernel", "dist_auto_connect", "once"]),
         case Cut of halt -> halt_node(B); disconnect -> cut(disconnect, A, B) end,
         timer:sleep(300),
         Ctl = self(),
         on(A, fun() ->
                       process_flag(trap_exit, true),
                       P1 = spawn_link(B, fun idle/0),
                       {P2, _} = spawn_monitor(B, fun idle/0),
                       Ms = drain(1000),
                       Ctl ! {fact, {is_pid(P1) andalso is_pid(P2),
                                     [node(P1) =:= node(), node(P2) =:= node()],
                                     [shape(M) || M <- Ms]}}
               end),
         [{Pids, Local, Ms}] = collect(1, []),
         fact("spawn_unreachable_" ++ atom_to_list(Cut), "spawn_link and spawn_monitor to b "
              "(returned pids: ~p; each the spawner's node's: ~p): the spawner gets ~p",
              [Pids, Local, Ms]),
         stop_peers(Ps)
     end || Cut <- [halt, disconnect]].
