"""Statement extraction on the genres of 工作要点, 实施方案, 督查通报 and meeting news (sentences written here)."""

from test_extract import extract, find


def test_unit_notes_of_work_points_and_plans():
    st = extract("\n".join([
        "某市2025年医疗救助工作要点",
        "一、重点任务",
        # a closing note with parentheses inside, covering each sentence of its task
        "1.扩大救助范围。救助对象年度救助限额提高到8万元。年内完成困难群众信息比对。"
        "（责任单位：市医保局救助科，各县（市、区）医保局）",
        # a lead unit and its partners in two lists of one note
        "2.强化监管。全年抽查定点机构不少于300家。（牵头单位：市医保局；配合单位：市卫健委、市人力资源和社会保障局）",
        # 牵头单位/配合单位 lines under the task, as 方案 lay them out
        "3.提升服务。新建医保服务站40个。",
        "牵头单位：市医疗保障事业中心",
        "配合单位：各县（市、区）人民政府",
        "4.加强宣传。开展政策宣讲活动50场。",
    ]))
    assert find(st, "8万元").responsible == ["市医保局救助科", "各县（市、区）医保局"]
    assert find(st, "信息比对").responsible == ["市医保局救助科", "各县（市、区）医保局"]
    assert find(st, "300家").responsible == ["市医保局", "市卫健委", "市人力资源和社会保障局"]
    assert find(st, "40个").responsible == ["市医疗保障事业中心", "各县（市、区）人民政府"]
    assert find(st, "50场").responsible == []  # the lines belong to the task above, not the next


def test_a_subject_charged_with_a_task_is_responsible_for_its_clauses():
    st = extract("\n".join([
        "关于2025年全市农村饮水工程建设进度的通报",
        "三、下一步要求",
        "各县（市、区）要倒排工期，确保9月底前完成管网改造，11月底前全部投入使用。",
        "县水利局要牵头做好水质检测，确保年底前水质达标率达到95%以上。",
        "加强督促检查，年底前农村自来水普及率达到90%。",
    ]))
    assert find(st, "管网改造").responsible == ["各县（市、区）"]
    assert find(st, "投入使用").responsible == ["各县（市、区）"]
    assert find(st, "95%").responsible == ["县水利局"]
    assert find(st, "90%").responsible == []  # never guessed
