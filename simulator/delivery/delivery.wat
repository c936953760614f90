;; Synaptic delivery, the simulator's hot loop, as WebAssembly (simulator/README.md, "Delivery kernel").
;;
;; Every message × every destination axon of its slot × every synapse of that axon adds
;; weight × payload into a port (dendritic accumulator). Ports are f64 holding exact integers
;; (a payload is at most 24 bits and a weight 8, so each product fits in i32 and every sum stays
;; exact below 2^53, as in the reference interpreter). Per batch it counts messages, synaptic
;; operations and the send index of the batch's first and last message, for the timing model.
;;
;; All arrays live in the one imported memory; every pointer is a byte address, every table holds
;; element indices. Build: `npm run build:wasm` (wabt), checked against delivery.wasm by a test.
(module
  (import "env" "memory" (memory 1))

  ;; Synapse tables and per-batch counters, fixed for an image: set once by `bind`.
  (global $synStart (mut i32) (i32.const 0))      ;; i32[axons + 1]: first synapse of each global axon
  (global $entry (mut i32) (i32.const 0))         ;; i32[synapses]: target port << 8 | (weight & 0xff)
  (global $axonPortBase (mut i32) (i32.const 0))  ;; i32[axons]: port index of the axon's core's port 0
  (global $batchMessages (mut i32) (i32.const 0)) ;; i32[batches]
  (global $batchSynops (mut i32) (i32.const 0))   ;; i32[batches]
  (global $batchFirst (mut i32) (i32.const 0))    ;; i32[batches]
  (global $batchLast (mut i32) (i32.const 0))     ;; i32[batches]

  (func (export "bind")
    (param $s i32) (param $e i32) (param $a i32) (param $bm i32) (param $bs i32) (param $bf i32) (param $bl i32)
    (global.set $synStart (local.get $s))
    (global.set $entry (local.get $e))
    (global.set $axonPortBase (local.get $a))
    (global.set $batchMessages (local.get $bm))
    (global.set $batchSynops (local.get $bs))
    (global.set $batchFirst (local.get $bf))
    (global.set $batchLast (local.get $bl)))

  ;; Deliver messages [0, count) of (neuron, channel, value) arrays. Message i leaves slot
  ;; slotBase + neuron[i] · channels + channel[i]; the slot's destinations are
  ;; slotStart[slot] .. slotStart[slot + 1] − 1, each a global axon (destAxon) in a batch (ofDest).
  ;; Zero values are skipped (neurons never emit zero; host input does not send it).
  ;; Returns `sent` plus the number of (message, destination) pairs delivered.
  (func (export "deliver")
    (param $neuron i32) (param $channel i32) (param $value i32) (param $count i32)
    (param $slotBase i32) (param $channels i32)
    (param $slotStart i32) (param $destAxon i32) (param $ofDest i32)
    (param $ports i32) (param $sent i32)
    (result i32)
    (local $i i32) (local $v i32) (local $slotAt i32) (local $d i32) (local $dEnd i32)
    (local $ga i32) (local $k i32) (local $kEnd i32) (local $portBase i32) (local $e i32)
    (local $p i32) (local $synops i32) (local $b i32) (local $messages i32)
    (block $messagesDone
      (loop $messages
        (br_if $messagesDone (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $v (i32.load (i32.add (local.get $value) (i32.shl (local.get $i) (i32.const 2)))))
        (if (local.get $v)
          (then
            ;; address of slotStart[slot]
            (local.set $slotAt
              (i32.add (local.get $slotStart)
                (i32.shl
                  (i32.add
                    (i32.add (local.get $slotBase)
                      (i32.mul (i32.load (i32.add (local.get $neuron) (i32.shl (local.get $i) (i32.const 2)))) (local.get $channels)))
                    (i32.load8_u (i32.add (local.get $channel) (local.get $i))))
                  (i32.const 2))))
            (local.set $d (i32.load (local.get $slotAt)))
            (local.set $dEnd (i32.load offset=4 (local.get $slotAt)))
            (block $destinationsDone
              (loop $destinations
                (br_if $destinationsDone (i32.ge_s (local.get $d) (local.get $dEnd)))
                (local.set $ga (i32.load (i32.add (local.get $destAxon) (i32.shl (local.get $d) (i32.const 2)))))
                ;; synapses [k, kEnd) as byte addresses into entry
                (local.set $k (i32.load (i32.add (global.get $synStart) (i32.shl (local.get $ga) (i32.const 2)))))
                (local.set $kEnd (i32.load offset=4 (i32.add (global.get $synStart) (i32.shl (local.get $ga) (i32.const 2)))))
                (local.set $synops (i32.sub (local.get $kEnd) (local.get $k)))
                (local.set $k (i32.add (global.get $entry) (i32.shl (local.get $k) (i32.const 2))))
                (local.set $kEnd (i32.add (global.get $entry) (i32.shl (local.get $kEnd) (i32.const 2))))
                (local.set $portBase
                  (i32.add (local.get $ports)
                    (i32.shl (i32.load (i32.add (global.get $axonPortBase) (i32.shl (local.get $ga) (i32.const 2)))) (i32.const 3))))
                (block $synapsesDone
                  (loop $synapses
                    (br_if $synapsesDone (i32.ge_u (local.get $k) (local.get $kEnd)))
                    (local.set $e (i32.load (local.get $k)))
                    (local.set $p (i32.add (local.get $portBase) (i32.shl (i32.shr_s (local.get $e) (i32.const 8)) (i32.const 3))))
                    (f64.store (local.get $p)
                      (f64.add (f64.load (local.get $p))
                        (f64.convert_i32_s (i32.mul (i32.extend8_s (local.get $e)) (local.get $v)))))
                    (local.set $k (i32.add (local.get $k) (i32.const 4)))
                    (br $synapses)))
                ;; batch counters: messages, first and last send index, synaptic operations
                (local.set $b (i32.shl (i32.load (i32.add (local.get $ofDest) (i32.shl (local.get $d) (i32.const 2)))) (i32.const 2)))
                (local.set $messages (i32.load (i32.add (global.get $batchMessages) (local.get $b))))
                (if (i32.eqz (local.get $messages))
                  (then (i32.store (i32.add (global.get $batchFirst) (local.get $b)) (local.get $sent))))
                (i32.store (i32.add (global.get $batchMessages) (local.get $b)) (i32.add (local.get $messages) (i32.const 1)))
                (i32.store (i32.add (global.get $batchLast) (local.get $b)) (local.get $sent))
                (i32.store (i32.add (global.get $batchSynops) (local.get $b))
                  (i32.add (i32.load (i32.add (global.get $batchSynops) (local.get $b))) (local.get $synops)))
                (local.set $sent (i32.add (local.get $sent) (i32.const 1)))
                (local.set $d (i32.add (local.get $d) (i32.const 1)))
                (br $destinations)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $messages)))
    (local.get $sent)))
